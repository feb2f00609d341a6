import { NotFound } from "../platform/errors";
import { getLead } from "./store/leads";
import type { CashState } from "../recon/core/invoicing";
import type { LeadView } from "./core/types";

/** How the lead reads its deal's cash (the route hands in reconciliation's dealCash). */
export type CashOf = (leadId: string, since: string) => Promise<CashState>;

/** GET /api/leads/{id}: the lead with its deal's cash state (not_invoiced until a won deal is invoiced). */
export async function leadWithCash(env: Env, id: string, cashOf: CashOf): Promise<LeadView & { cash: CashState }> {
  const lead = await getLead(env, id);
  if (!lead) throw new NotFound(`No lead ${id}`);
  return { ...lead, cash: await cashOf(lead.id, lead.received_at) };
}

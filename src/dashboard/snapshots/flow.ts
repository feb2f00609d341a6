import { dealFlow, type DealFlow } from "../core/lead-to-cash";
import { SafeDb } from "../store/safe-db";
import { allDealFacts } from "./deal-cash";
import { leadsWithStage } from "./pipeline";
import { flowWithConversion, PROPOSAL_OR_LATER, type FlowNode } from "./metrics";

export type FlowSnapshot = {
  generated_at: string;
  nodes: FlowNode[];
  /** The deals' own money and gaps (won → invoiced → paid → reconciled counts the same deals). */
  deals: DealFlow;
  /** Every invoice in the books, deal or not (imported ERP invoices with no deal stay visible here). */
  all_invoices: { invoiced: number; paid: number; reconciled: number; without_deal: number };
};

const PROPOSAL_STAGES = [...PROPOSAL_OR_LATER];

/**
 * ingested → qualified → proposal → won → invoiced → paid → reconciled, all counted in deals (leads):
 * invoiced = a deal with an invoice billing it, paid = all its invoices settled, reconciled = each
 * of them also tied to a bank entry by a verified or manual link. Every invoice in the books (with
 * or without a deal) is counted beside it in `all_invoices`.
 */
export async function flowSnapshot(db: D1Database, now = new Date()): Promise<FlowSnapshot> {
  const sdb = new SafeDb(db);
  const marks = PROPOSAL_STAGES.map(() => "?").join(",");
  const src = await leadsWithStage(sdb);
  const [leads, inv] = await Promise.all([
    sdb.first<{ ingested: number; qualified: number | null; proposal: number | null; won: number | null }>(
      ["leads"],
      `SELECT COUNT(*) AS ingested, SUM(CASE WHEN qualified THEN 1 ELSE 0 END) AS qualified,
              SUM(CASE WHEN eff_stage IN (${marks}) THEN 1 ELSE 0 END) AS proposal,
              SUM(CASE WHEN eff_stage = 'won' THEN 1 ELSE 0 END) AS won FROM ${src}`,
      ...PROPOSAL_STAGES,
    ),
    sdb.first<{ invoiced: number; paid: number | null; without_deal: number | null }>(
      ["invoices"],
      `SELECT COUNT(*) AS invoiced, SUM(CASE WHEN status IN ('PAID','OVERPAID') THEN 1 ELSE 0 END) AS paid,
              SUM(CASE WHEN lead_id IS NULL THEN 1 ELSE 0 END) AS without_deal FROM invoices`,
    ),
  ]);
  const deals = dealFlow(await allDealFacts(sdb));
  const rec = await sdb.first<{ n: number }>(
    ["invoices", "recon_links"],
    `SELECT COUNT(*) AS n FROM invoices i WHERE i.status IN ('PAID','OVERPAID')
       AND EXISTS (SELECT 1 FROM recon_links l WHERE l.invoice_id = i.id AND l.status IN ('VERIFIED','MANUAL'))`,
  );
  return {
    generated_at: now.toISOString(),
    nodes: flowWithConversion({
      ingested: leads?.ingested ?? 0,
      qualified: leads?.qualified ?? 0,
      proposal: leads?.proposal ?? 0,
      won: leads?.won ?? 0,
      invoiced: deals.invoiced,
      paid: deals.paid,
      reconciled: deals.reconciled,
    }),
    deals,
    all_invoices: { invoiced: inv?.invoiced ?? 0, paid: inv?.paid ?? 0, reconciled: rec?.n ?? 0, without_deal: inv?.without_deal ?? 0 },
  };
}

import { log } from "../platform/log";
import { markDelivered, readDealInvoices, undeliveredCashEvents } from "./store/invoicing";

/**
 * Hands undelivered cash events to their leads' objects (one call per lead with that deal's
 * invoices as D1 has them now), then marks them delivered. The object applies a notice once per
 * event id, so two deliverers racing (a run and the sweep) change nothing twice; a failed call
 * leaves the events for the next delivery.
 */
export async function deliverCashEvents(env: Env): Promise<number> {
  let events: Awaited<ReturnType<typeof undeliveredCashEvents>>;
  try {
    events = await undeliveredCashEvents(env);
  } catch (err) {
    // Never fails the write that triggered it: the sweep delivers later.
    log({ event: "recon.cash_delivery_failed", error: err instanceof Error ? err.message : String(err), outcome: "retry" }, "warn");
    return 0;
  }
  if (events.length === 0) return 0;
  const byLead = new Map<string, number[]>();
  for (const e of events) byLead.set(e.lead_id, [...(byLead.get(e.lead_id) ?? []), e.id]);
  let delivered = 0;
  for (const [leadId, ids] of byLead) {
    try {
      const invoices = (await readDealInvoices(env, leadId)).map(({ lead_id: _l, ...r }) => r);
      await env.LEAD_NEGOTIATION.getByName(leadId).noteCash({ event_ids: ids, invoices });
      await markDelivered(env, ids, new Date().toISOString());
      delivered += ids.length;
    } catch (err) {
      log(
        { event: "recon.cash_delivery_failed", lead_id: leadId, error: err instanceof Error ? err.message : String(err), outcome: "retry" },
        "warn",
      );
    }
  }
  return delivered;
}

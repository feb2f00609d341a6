/**
 * The reference routing table: internal event type → agent and pipeline. A plain lookup so the
 * routing decision is a few nanoseconds of CPU (see bench/router.mjs).
 *
 * Difference from the reference Express router: it sent deal_update to
 * `Unassigned` / `Default_Fallback`; here deal updates go to the Negotiation agent, which owns deals.
 */
export const SEED_EVENT_TYPES = ["lead_create", "deal_update", "invoice_paid"] as const;
export type SeedEventType = (typeof SEED_EVENT_TYPES)[number];

export const INTERNAL_EVENT_TYPES = [...SEED_EVENT_TYPES, "lead_update", "invoice_payment_failed", "charge_refunded"] as const;
export type InternalEventType = (typeof INTERNAL_EVENT_TYPES)[number];

export type Target = "lead" | "recon";
export type Route = { agent: string; route: string; target: Target };

const LEAD: Route = { agent: "Lead_Qualification_Agent", route: "/pipelines/lead-ingest", target: "lead" };
const NEGOTIATION: Route = { agent: "Negotiation_Agent", route: "/pipelines/negotiation", target: "lead" };
const BILLING: Route = { agent: "Billing_Reconciliation_Agent", route: "/pipelines/invoice-match", target: "recon" };

export const ROUTING_TABLE: Readonly<Record<InternalEventType, Route>> = Object.freeze({
  lead_create: LEAD,
  lead_update: LEAD,
  deal_update: NEGOTIATION,
  invoice_paid: BILLING,
  invoice_payment_failed: BILLING,
  charge_refunded: BILLING,
});

export function routeFor(type: InternalEventType): Route {
  return ROUTING_TABLE[type];
}

import { getConfig } from "../../config";
import { loadSnapshot } from "../core/pricing";
import { d1PricingPort } from "../store/pricing-port";
import type { DraftRows } from "./draft-rows";
import type { LeadState } from "./state";
import type { Timers } from "./timers";
import type { Actor, CatalogSnapshot, NegotiationConfig } from "../core/types";

/**
 * What the LeadNegotiation class hands its feature code: the bindings, its storage (lead row and
 * history, drafts, timers) and a way to record activity beside the current step. Built once per
 * object in its constructor.
 */
export type ObjectContext = {
  env: Env;
  state: LeadState;
  drafts: DraftRows;
  timers: Timers;
  /** Starts recording an activity (D1 + LiveHub) without waiting: the class awaits it at the end of the step. */
  activity(action: string, entity: string, entityId: string, latencyMs: number, detail: Record<string, unknown>): void;
};

export function humanActor(actor: string): Actor {
  return `human:${actor || "unknown"}`;
}

export function negotiationConfig(env: Env): NegotiationConfig {
  return { escalate_above_usd_minor: getConfig(env).ESCALATE_ABOVE_USD * 100 };
}

/** The whole catalog through the read-only port (frozen data; the port cannot write). */
export function catalogOf(env: Env): Promise<CatalogSnapshot> {
  return loadSnapshot(d1PricingPort(env.DB));
}

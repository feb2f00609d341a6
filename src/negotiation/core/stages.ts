import { IllegalTransition, STAGES, TERMINAL_STAGES, type Stage, type TransitionResult } from "./types";

/**
 * The negotiation state machine. Happy path:
 *   qualified → proposal_drafted → awaiting_approval → proposal_sent → accepted → agreement_drafted → won
 * Detours:
 *   proposal_drafted → proposal_sent        (autonomous mode sends without approval)
 *   awaiting_approval → proposal_drafted    (a human rejected the draft: revise it)
 *   proposal_sent → countered               (customer counter-offer or objection)
 *   countered → proposal_drafted            (revised draft within policy)
 *   countered → awaiting_approval           (revised draft that needs a human, or escalation)
 *   countered → accepted                    (customer then accepts the standing proposal)
 *   any non-terminal → lost                 (the customer walks away / a human closes it)
 * won and lost are terminal: nothing leaves them.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<Stage, readonly Stage[]>> = Object.freeze({
  qualified: ["proposal_drafted", "lost"],
  proposal_drafted: ["awaiting_approval", "proposal_sent", "lost"],
  awaiting_approval: ["proposal_sent", "proposal_drafted", "lost"],
  proposal_sent: ["accepted", "countered", "lost"],
  countered: ["proposal_drafted", "awaiting_approval", "accepted", "lost"],
  accepted: ["agreement_drafted", "lost"],
  agreement_drafted: ["won", "lost"],
  lost: [],
  won: [],
});

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (STAGES as readonly string[]).includes(value);
}

export function isTerminal(stage: Stage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

export function canTransition(from: Stage, to: Stage): boolean {
  return ALLOWED_TRANSITIONS[from]?.includes(to) ?? false;
}

/** ok, or an IllegalTransition (a 409 Conflict) describing the refused move. Unknown names are refused too. */
export function transition(from: string, to: string): TransitionResult {
  if (isStage(from) && isStage(to) && canTransition(from, to)) return { ok: true, from, to };
  return { ok: false, error: new IllegalTransition(from, to) };
}

/** Throwing variant for adapters: returns the new stage or throws IllegalTransition. */
export function assertTransition(from: string, to: string): Stage {
  const r = transition(from, to);
  if (!r.ok) throw r.error;
  return r.to;
}

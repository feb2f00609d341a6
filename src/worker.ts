import { app } from "./app";
import { handleReconBatch } from "./queues/reconciliation";
import { handleDeadLetterBatch } from "./queues/dead-letter";
import { handleGatewayBatch } from "./queues/gateway";
import { handleInboundEmail } from "./leads/inbound-email";
import { handleReplyEmail } from "./negotiation/reply-email";
import { retryPendingHandOffs } from "./leads/ingest";
import { sweepNegotiations } from "./negotiation/sweep";
import { sweepReconciliation } from "./recon/sweep";
import { sweepInvoicing } from "./recon/invoicing";
import { sweepStaleEvents } from "./gateway/sweep";
import { sweepStaleImports } from "./recon/stale-imports";
import { sweepExpiredKeys } from "./platform/idempotency-store";

export { LeadNegotiation } from "./durable/lead-negotiation";
export { LiveHub } from "./durable/live-hub";
export { ReconLedger } from "./durable/recon-ledger";

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    if (batch.queue.endsWith("-dlq")) return handleDeadLetterBatch(batch, env);
    if (batch.queue.startsWith("gateway-events")) return handleGatewayBatch(batch, env);
    return handleReconBatch(batch, env);
  },

  async email(message, env, ctx) {
    return handleInboundEmail(message, env, ctx, handleReplyEmail);
  },

  async scheduled(_controller, env, ctx) {
    // Every 15 minutes: negotiation SLA sweep, qualified leads whose DO hand-off failed, and a full
    // reconciliation run per currency with open credits (focused runs decide only their payers);
    // and no silent loss: events stuck in `queued` are re-sent or failed, stuck imports failed;
    // expired Idempotency-Key rows deleted.
    ctx.waitUntil(sweepNegotiations(env));
    ctx.waitUntil(sweepStaleEvents(env));
    ctx.waitUntil(sweepStaleImports(env));
    ctx.waitUntil(retryPendingHandOffs(env));
    ctx.waitUntil(sweepReconciliation(env));
    // Lead-to-cash: invoices whose period began are sent, cash events delivered, overdue reminders drafted.
    ctx.waitUntil(sweepInvoicing(env));
    // Idempotency-Key rows older than 24 h (lookups already treat them as absent).
    ctx.waitUntil(sweepExpiredKeys(env.DB));
  },
} satisfies ExportedHandler<Env>;

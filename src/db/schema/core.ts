import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Every accepted webhook delivery; (source, vendor_event_id) makes replays no-ops. */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    source: text("source").notNull(),
    vendorEventId: text("vendor_event_id").notNull(),
    eventType: text("event_type").notNull(),
    subjectId: text("subject_id").notNull(),
    agent: text("agent").notNull(),
    route: text("route").notNull(),
    /** received → routed (downstream accepted it) | failed (downstream refused; a replay retries). */
    status: text("status").notNull(),
    receivedAt: text("received_at").notNull(),
    latencyMs: real("latency_ms").notNull(),
    /** The body answered to the first delivery, answered again to every replay. */
    resultJson: text("result_json").notNull(),
    error: text("error"),
    /** The accepted InternalEvent as queued, so the stale-event sweep can hand it off again. */
    eventJson: text("event_json"),
    /** How many times the sweep re-sent it after it sat in `queued` too long, and when it last did. */
    requeues: integer("requeues").notNull().default(0),
    requeuedAt: text("requeued_at"),
  },
  (t) => [uniqueIndex("events_source_vendor_id").on(t.source, t.vendorEventId), index("events_received_at").on(t.receivedAt)],
);

/** Our own API keys: only an HMAC of the key is stored. */
export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  scopes: text("scopes").notNull(), // JSON array of scope strings
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});

/** Who did what, for finance and pricing changes and manual decisions. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    reason: text("reason"),
    detailJson: text("detail_json"),
  },
  (t) => [index("audit_entity").on(t.entity, t.entityId)],
);

/** Queue messages that exhausted their retries, with their payload, for a human to replay. */
export const deadLetters = sqliteTable("dead_letters", {
  id: text("id").primaryKey(),
  queue: text("queue").notNull(),
  messageId: text("message_id").notNull().unique(),
  attempts: integer("attempts").notNull(),
  error: text("error"),
  payloadJson: text("payload_json").notNull(),
  receivedAt: text("received_at").notNull(),
});

/** FX rates to USD in parts per million (EUR 1.08 → 1_080_000), so conversions stay integer. */
export const fxRates = sqliteTable("fx_rates", {
  currency: text("currency").primaryKey(),
  usdRatePpm: integer("usd_rate_ppm").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/**
 * The catalog, shared by negotiation (prices) and reconciliation (stock, reorder).
 * Written only through admin endpoints (scope admin:pricing) and the reconciliation consumer's
 * stock moves; agent code gets a read-only port.
 */
export const products = sqliteTable("products", {
  sku: text("sku").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  unitPriceMinor: integer("unit_price_minor").notNull(),
  currency: text("currency").notNull(),
  /** per_seat_year | per_unit | one_time */
  unit: text("unit").notNull().default("per_unit"),
  stock: integer("stock"),
  reorderPoint: integer("reorder_point"),
  reorderQty: integer("reorder_qty"),
  supplier: text("supplier"),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  updatedAt: text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/** Payment events from billing webhooks (Stripe invoice.paid, payment_failed, refunds), persisted by the queue consumer. */
export const paymentEvents = sqliteTable(
  "payment_events",
  {
    eventId: text("event_id").primaryKey(),
    source: text("source").notNull(),
    eventType: text("event_type").notNull(),
    subjectId: text("subject_id").notNull(),
    amountMinor: integer("amount_minor"),
    currency: text("currency"),
    dataJson: text("data_json").notNull(),
    occurredAt: text("occurred_at").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [index("payment_events_subject").on(t.subjectId)],
);

/**
 * What each agent did, for the dashboards' activity log and agent status (ingestion, negotiation,
 * reconciliation). Written through src/platform/activity.ts, which also pushes it live.
 */
export const activity = sqliteTable(
  "activity",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    agent: text("agent").notNull(), // ingestion | negotiation | reconciliation | gateway
    action: text("action").notNull(),
    entity: text("entity").notNull(), // lead | proposal | invoice | import | event | escalation
    entityId: text("entity_id").notNull(),
    outcome: text("outcome").notNull(), // ok | error
    latencyMs: real("latency_ms"),
    detailJson: text("detail_json"),
  },
  (t) => [index("activity_at").on(t.at), index("activity_agent").on(t.agent, t.at)],
);

/**
 * `Idempotency-Key` reservations and the response they produced, per API key (a key never sees
 * another's). The row is inserted before the handler runs (the primary key makes a concurrent
 * second request lose the insert: 409), completed with the response after, and kept 24 h.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    apiKeyId: text("api_key_id").notNull(),
    idemKey: text("idem_key").notNull(),
    /** SHA-256 over method, path with query, content type and body bytes. */
    requestHash: text("request_hash").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    /** in_flight (reserved, the handler runs) | done (response stored). */
    status: text("status").notNull(),
    responseStatus: integer("response_status"),
    /** JSON object of the headers worth replaying (content-type, location, x-next-cursor, …). */
    responseHeaders: text("response_headers"),
    responseBody: text("response_body"),
    createdAt: text("created_at").notNull(),
    /** An in-flight reservation older than this was abandoned (the isolate died) and may be taken over. */
    lockedUntil: text("locked_until").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.idemKey] }), index("idempotency_keys_expires_at").on(t.expiresAt)],
);

import { z } from "zod";
import { setLogLevel } from "./platform/log";

/** Typed configuration from wrangler.toml [vars], validated once per isolate. */
const flag = z.enum(["on", "off"]);
const num = (def: number) => z.coerce.number().finite().nonnegative().default(def);

export const Config = z.object({
  AI_MODE: flag.default("off"),
  AI_MODEL: z.string().min(1).default("@cf/meta/llama-3.1-8b-instruct"),
  AI_TIMEOUT_MS: num(8000),
  QUALIFY_MIN_SCORE: num(5),
  AUTONOMOUS_MODE: flag.default("off"),
  AUTONOMOUS_MAX_DEAL_USD: num(20_000),
  ESCALATE_ABOVE_USD: num(250_000),
  FOLLOW_UP_DAYS: num(3),
  APPROVAL_SLA_HOURS: num(24),
  RECON_FEE_TOLERANCE_PCT: num(1),
  RECON_DATE_WINDOW_DAYS: num(10),
  /** A write-off of a small difference (bank fee, discount, rounding) is at most this many minor units… */
  WRITE_OFF_MAX_MINOR: num(5000),
  /** …and at most this percentage of the invoice's amount. */
  WRITE_OFF_MAX_PCT: num(2),
  /** POST /api/finance/payments reconciles at most this many entries in the request (more: use bank-statements). */
  RECON_INLINE_MAX_ENTRIES: num(50),
  /** The real-time ledger object holds a currency in memory up to this many invoices (and as many open credits); above, it reads per payment. */
  RECON_LEDGER_MAX_ROWS: num(50_000),
  /** After the queue consumer's last write to a currency, its ledger object reads it again this much later (0: only when a payment needs it). */
  RECON_LEDGER_WARM_MS: num(100),
  MAX_BODY_BYTES: num(1_048_576),
  MAX_UPLOAD_BYTES: num(10_485_760),
  WEBHOOK_TOLERANCE_SECONDS: num(300),
  /** An accepted event still `queued` this long after it was handed off is re-sent by the cron sweep... */
  GATEWAY_STALE_MINUTES: num(10),
  /** ...at most this many times; after that it is marked failed with the reason (a vendor replay hands it off again). */
  GATEWAY_MAX_REQUEUES: num(3),
  /** A recon import still `processing` this long after it was created is marked failed (its chunks were lost). */
  IMPORT_STALE_MINUTES: num(60),
  /** Won deals are invoiced from this series: `{YYYY}` becomes the issue year, seven digits follow (L2C-2026-0000001). */
  INVOICE_SERIES: z.string().min(1).max(40).default("L2C-{YYYY}-"),
  /** Payment terms of issued invoices: due this many days after issue. */
  INVOICE_PAYMENT_TERMS_DAYS: num(30),
  /** A deal invoice still open this many days after its due date gets a reminder draft. */
  INVOICE_REMINDER_DAYS: num(7),
  /** Where customers pay (IBAN or account line), printed in the remittance instructions. */
  REMITTANCE_ACCOUNT: z.string().default(""),
  INBOUND_EMAIL_ADDRESS: z.string().default(""),
  OUTBOUND_WEBHOOK_URL: z.string().default(""),
  LOG_LEVEL: z.enum(["info", "warn", "error"]).default("info"),
});
export type Config = z.infer<typeof Config>;

const cache = new WeakMap<object, Config>();

export function getConfig(env: Env): Config {
  let cfg = cache.get(env);
  if (!cfg) {
    cfg = Config.parse(env);
    cache.set(env, cfg);
    setLogLevel(cfg.LOG_LEVEL);
  }
  return cfg;
}

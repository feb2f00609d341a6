import { getConfig } from "../config";
import { sha256Hex } from "../platform/crypto";
import { InvalidInput, Refusal } from "../platform/errors";
import type { ParseIssue } from "./core/types";
import { parseStatement } from "./core/parse/detect";
import { jobUrl, type Upload } from "./import";
import { reconcilePayment, type RealtimeResult } from "./realtime";
import { flagStatement } from "./store/discrepancies";

export type PaymentAnswer = RealtimeResult & { format: string; errors: ParseIssue[]; warnings: ParseIssue[]; job_url: string };

/**
 * POST /payments: a real-time notification (camt.054, or any statement format with a few entries)
 * reconciled in the request. More entries than RECON_INLINE_MAX_ENTRIES is a 413 pointing at the
 * bulk upload; the reconciling itself, and its queue fallback, is recon/realtime.ts.
 */
export async function reconcilePaymentFile(
  env: Env,
  upload: Upload,
  actor: string | null,
  defer: (p: Promise<unknown>) => void,
): Promise<PaymentAnswer> {
  const cfg = getConfig(env);
  const parsed = parseStatement(upload.text, { maxBytes: cfg.MAX_BODY_BYTES });
  if (parsed.entries.length === 0) {
    throw new InvalidInput(`${parsed.format}: no entry could be imported`, { format: parsed.format, errors: parsed.errors });
  }
  if (parsed.entries.length > cfg.RECON_INLINE_MAX_ENTRIES) {
    throw new Refusal(
      "payload_too_large",
      `${parsed.entries.length} entries: real-time reconciliation takes at most ${cfg.RECON_INLINE_MAX_ENTRIES}; upload statements to /api/finance/bank-statements`,
      { code: "too_many_entries", entries: parsed.entries.length, max_entries: cfg.RECON_INLINE_MAX_ENTRIES },
    );
  }
  const meta = {
    kind: "bank_statement" as const,
    format: parsed.format,
    sha256: await sha256Hex(upload.bytes),
    bytes: upload.bytes.byteLength,
    actor,
    errors: parsed.errors,
    warnings: parsed.warnings,
  };
  const result = await reconcilePayment(env, meta, parsed.entries, defer);
  await flagStatement(env, result.job_id, parsed.errors);
  return { ...result, format: parsed.format, errors: parsed.errors, warnings: parsed.warnings, job_url: jobUrl(result.job_id) };
}

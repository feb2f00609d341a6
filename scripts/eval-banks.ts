/**
 * npm run eval:banks [-- --dir=<corpus>] [--verbose] [--split=dev|holdout|all]
 *
 * Runs the statement readers (bytes → text → parseStatement, the same path as an upload) over a
 * labelled corpus of real bank files: by default ../shared/data/realbank (its README defines the
 * labels), or any directory with the same layout (`<format>/<file>` + expected.json). It says so
 * and exits 0 when the corpus is absent.
 *
 * Per file, the outcome is:
 * - full     every booked entry read: the count is one of entries / entries_nonzero / entries_split
 *            (or split less zero lines), and per currency the credit and debit sums and counts match;
 * - rejected a clear refusal (a 4xx Refusal); right only where the labels `accept` it;
 * - wrong    entries read, but counts or sums differ (money lost or invented);
 * - crash    anything else thrown (would be a 5xx).
 * "clean" also requires no entry-level error (an error makes the import job `partial`); a balance
 * mismatch only counts against a file whose labels say its balances add up.
 *
 * The corpus is split by a hash of the file name into dev (2/3) and holdout (1/3): tune on dev,
 * report both.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Refusal } from "../src/platform/errors";
import { decodeStatementBytes } from "../src/recon/core/parse/decode";
import { parseStatement } from "../src/recon/core/parse/detect";
import type { ParsedStatement } from "../src/recon/core/types";

type Label = {
  format: string;
  statements: number;
  entries: number;
  entries_nonzero: number;
  entries_split: number;
  currencies: Record<string, { credit_minor: number; debit_minor: number; credit_n: number; debit_n: number }>;
  balance_ok: boolean | null;
  accept?: string[];
};

const args = process.argv.slice(2);
const arg = (k: string) => args.find((a) => a.startsWith(`--${k}=`))?.split("=")[1];
const dir = path.resolve(arg("dir") ?? path.join(import.meta.dirname, "../../shared/data/realbank"));
const verbose = args.includes("--verbose");
const which = arg("split") ?? "all";
if (!existsSync(path.join(dir, "expected.json"))) {
  console.log(`eval:banks: no corpus at ${dir} (expected.json missing): nothing to evaluate`);
  process.exit(0);
}
const labels: Record<string, Label> = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8"));
export const splitOf = (file: string): "dev" | "holdout" =>
  createHash("sha256").update(path.basename(file)).digest()[0] % 3 === 0 ? "holdout" : "dev";

type Outcome = "full" | "rejected" | "wrong" | "crash";
type Row = { file: string; split: string; outcome: Outcome; ok: boolean; clean: boolean; detail: string };

function sums(p: ParsedStatement) {
  const out: Label["currencies"] = {};
  for (const e of p.entries) {
    const c = (out[e.currency] ??= { credit_minor: 0, debit_minor: 0, credit_n: 0, debit_n: 0 });
    if (e.direction === "credit") {
      c.credit_minor += e.amount_minor;
      c.credit_n++;
    } else {
      c.debit_minor += e.amount_minor;
      c.debit_n++;
    }
  }
  return out;
}

function judge(file: string, label: Label): Row {
  const split = splitOf(file);
  const accept = label.accept ?? ["full"];
  let parsed: ParsedStatement;
  try {
    parsed = parseStatement(decodeStatementBytes(readFileSync(path.join(dir, file))));
  } catch (err) {
    const refused = err instanceof Refusal;
    const outcome: Outcome = refused ? "rejected" : "crash";
    const ok = refused && accept.includes("rejected");
    return { file, split, outcome, ok, clean: ok, detail: err instanceof Error ? err.message.slice(0, 120) : String(err) };
  }
  if (parsed.entries.length === 0 && parsed.errors.some((e) => e.code !== "BALANCE_MISMATCH")) {
    // What the upload route answers for a file of which no entry could be read: a 422.
    const ok = accept.includes("rejected");
    return {
      file,
      split,
      outcome: "rejected",
      ok,
      clean: ok,
      detail: parsed.errors.map((e) => `${e.code}: ${e.message}`.slice(0, 80)).join("; "),
    };
  }
  const got = sums(parsed);
  // Zero-amount lines are never entries (amounts are positive); the label sums are unaffected.
  const want = label.currencies;
  const n = parsed.entries.length;
  const zeros = label.entries - label.entries_nonzero;
  const counts = new Set([label.entries, label.entries_nonzero, label.entries_split, label.entries_split - zeros]);
  const sameSums = (a: Label["currencies"], b: Label["currencies"]) => {
    const keys = new Set(
      [...Object.keys(a), ...Object.keys(b)].filter(
        (k) => (a[k]?.credit_minor ?? 0) + (a[k]?.debit_minor ?? 0) + (b[k]?.credit_minor ?? 0) + (b[k]?.debit_minor ?? 0) > 0,
      ),
    );
    return [...keys].every((k) => a[k] && b[k] && a[k].credit_minor === b[k].credit_minor && a[k].debit_minor === b[k].debit_minor);
  };
  const full = counts.has(n) && sameSums(got, want);
  const outcome: Outcome = full ? "full" : "wrong";
  const ok = full && accept.includes("full");
  const entryErrors = parsed.errors.filter((e) => e.code !== "BALANCE_MISMATCH" || label.balance_ok === true);
  const clean = ok && entryErrors.length === 0;
  const detail = full
    ? entryErrors.map((e) => `${e.code}: ${e.message}`.slice(0, 100)).join("; ")
    : `read ${n} (want ${[...counts].join("/")}), sums ${JSON.stringify(got)} want ${JSON.stringify(want)}; errors: ${parsed.errors.map((e) => e.code).join(",")}`;
  return { file, split, outcome, ok, clean, detail };
}

const rows = Object.entries(labels)
  .filter(([f]) => which === "all" || splitOf(f) === which)
  .map(([f, l]) => judge(f, l))
  .sort((a, b) => a.file.localeCompare(b.file));

console.log(`eval:banks over ${dir} (${rows.length} files)\n`);
console.log(`${"file".padEnd(58)} ${"split".padEnd(8)} ${"outcome".padEnd(9)} right  clean`);
for (const r of rows) {
  console.log(
    `${r.file.padEnd(58)} ${r.split.padEnd(8)} ${r.outcome.padEnd(9)} ${(r.ok ? "yes" : "NO").padEnd(6)} ${r.clean ? "yes" : "no"}`,
  );
  if (verbose && (!r.clean || r.detail)) console.log(`    ${r.detail}`);
}
console.log("");
for (const s of ["dev", "holdout", "all"]) {
  const part = rows.filter((r) => s === "all" || r.split === s);
  if (!part.length) continue;
  const count = (o: Outcome) => part.filter((r) => r.outcome === o).length;
  console.log(
    `${s.padEnd(8)} files ${String(part.length).padStart(3)}  right ${part.filter((r) => r.ok).length}  clean ${part.filter((r) => r.clean).length}  ` +
      `(full ${count("full")}, rejected ${count("rejected")}, wrong ${count("wrong")}, crash ${count("crash")})`,
  );
}

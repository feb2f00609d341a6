/**
 * npm run eval:recon -- --compare=<src root> [--source=wires]: the same labelled sets scored with two
 * matchers side by side — the one under <src root> (e.g. a checkout of an earlier commit's src/)
 * and this tree's. Per scenario: link recall and invoice-status accuracy; then the invoice-status
 * confusion matrix (rows truth, columns ours; OVERPAID counted as DISCREPANCY) of each.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type Entry = { entry_ref: string | null; bank_ref: string | null; natural_key: string };
type Result = { links: { invoice_id: string; wire_id: string }[]; outcomes: { invoice_id: string; status: string }[] };
export type Impl = {
  label: string;
  match: (invoices: unknown[], entries: unknown[], cfg: Record<string, number>) => Result;
  parseInvoices: (text: string, type: string) => { invoices: unknown[] };
  parseStatement: (text: string) => { entries: Entry[] };
};

export async function loadImpl(label: string, srcRoot: string): Promise<Impl> {
  const mod = async (p: string) => (await import(pathToFileURL(path.join(srcRoot, p)).href)) as Record<string, unknown>;
  const [m, inv, det] = await Promise.all([
    mod("recon/core/match.ts"),
    mod("recon/core/parse/invoices.ts"),
    mod("recon/core/parse/detect.ts"),
  ]);
  return {
    label,
    match: m.matchPayments as Impl["match"],
    parseInvoices: inv.parseInvoices as Impl["parseInvoices"],
    parseStatement: det.parseStatement as Impl["parseStatement"],
  };
}

function csv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = head.split(",");
  return rows.map((r) => {
    const cells = r.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

const LABELS = ["PAID", "PARTIAL", "UNPAID", "DISCREPANCY"];
const norm = (s: string) => (s === "OVERPAID" ? "DISCREPANCY" : s);
const pct = (a: number, b: number) => (b ? `${(a / b).toFixed(4)} (${a}/${b})` : "—");

export function compareSet(
  dir: string,
  label: string,
  impls: Impl[],
  cfg: Record<string, number>,
  wiresFile = "incoming_bank_wires.csv",
): void {
  const truthStatus = new Map(csv(path.join(dir, "truth/invoice_status.csv")).map((r) => [r.invoice_id, r]));
  const canonical = new Map<string, string>();
  for (const w of csv(path.join(dir, "truth/wires.csv")))
    if (w.kind === "duplicate_import" && w.duplicate_of) canonical.set(w.wire_id, w.duplicate_of);
  const canon = (w: string) => canonical.get(w) ?? w;
  const truthPairs = new Set(csv(path.join(dir, "truth/links.csv")).map((l) => `${l.invoice_id}|${canon(l.wire_id)}`));
  const runs = impls.map((impl) => {
    const invoices = impl.parseInvoices(readFileSync(path.join(dir, "open_invoices.csv"), "utf8"), "text/csv").invoices;
    const entries = impl.parseStatement(readFileSync(path.join(dir, wiresFile), "utf8")).entries;
    const r = impl.match(invoices, entries, cfg);
    const found = new Set(r.links.map((l) => `${l.invoice_id}|${canon(l.wire_id)}`));
    const status = new Map(r.outcomes.map((o) => [o.invoice_id, norm(o.status)]));
    let tp = 0;
    const seen = new Set<string>();
    for (const k of r.links.map((l) => `${l.invoice_id}|${canon(l.wire_id)}`))
      if (truthPairs.has(k) && !seen.has(k)) {
        tp++;
        seen.add(k);
      }
    const p = r.links.length ? tp / r.links.length : 0;
    const rec = tp / truthPairs.size;
    const per = new Map<string, { links: number; hit: number; inv: number; ok: number }>();
    const row = (sc: string) => per.get(sc) ?? per.set(sc, { links: 0, hit: 0, inv: 0, ok: 0 }).get(sc)!;
    for (const k of truthPairs) {
      const sc = row(truthStatus.get(k.split("|")[0])?.scenario ?? "?");
      sc.links++;
      if (found.has(k)) sc.hit++;
    }
    const conf = new Map<string, number>();
    let ok = 0;
    for (const [id, t] of truthStatus) {
      const got = status.get(id) ?? "UNPAID";
      const want = norm(t.status);
      const sc = row(t.scenario);
      sc.inv++;
      if (got === want) {
        sc.ok++;
        ok++;
      }
      conf.set(`${want}>${got}`, (conf.get(`${want}>${got}`) ?? 0) + 1);
    }
    return { label: impl.label, p, r: rec, f1: p + rec ? (2 * p * rec) / (p + rec) : 0, status: ok / truthStatus.size, per, conf };
  });
  console.log(`\n=== ${label}: ${dir}\n${truthStatus.size} invoices, ${truthPairs.size} true links`);
  for (const x of runs)
    console.log(
      `  ${x.label.padEnd(8)} link P ${x.p.toFixed(4)}  R ${x.r.toFixed(4)}  F1 ${x.f1.toFixed(4)}  status ${x.status.toFixed(4)}`,
    );
  const names = [...new Set(runs.flatMap((x) => [...x.per.keys()]))].sort();
  const head = runs.map((x) => `recall ${x.label}`.padEnd(20)).join("") + runs.map((x) => `status ${x.label}`.padEnd(20)).join("");
  console.log(`  ${"scenario".padEnd(32)} ${head}`);
  for (const n of names) {
    const cells = runs.map((x) => {
      const v = x.per.get(n);
      return v?.links ? pct(v.hit, v.links) : "—";
    });
    const st = runs.map((x) => {
      const v = x.per.get(n);
      return v?.inv ? pct(v.ok, v.inv) : "—";
    });
    console.log(`  ${n.padEnd(32)} ${[...cells, ...st].map((c) => c.padEnd(20)).join("")}`);
  }
  console.log(`  status confusion (rows truth, columns ours): ${runs.map((x) => x.label.padEnd(50)).join("  ")}`);
  console.log(`  ${"".padEnd(12)}${runs.map(() => LABELS.map((l) => l.padStart(12)).join("") + "  ").join("  ")}`);
  for (const t of LABELS)
    console.log(
      `  ${t.padEnd(12)}${runs.map((x) => LABELS.map((g) => String(x.conf.get(`${t}>${g}`) ?? 0).padStart(12)).join("") + "  ").join("  ")}`,
    );
}

/**
 * npm run eval:recon [-- --source=wires|camt|mt940|bankcsv|all] [--verbose] [--perturb]
 *
 * Runs the product matcher and the seed reference rule over ../shared/data/recon (RECON_DIR
 * overrides): invoices from open_invoices.csv, credits from incoming_bank_wires.csv and/or the
 * statements/ files, each through our parsers. Scores exactly as the data README says:
 * link precision / recall / F1 on (invoice_id, wire_id) pairs where a duplicate import counts as
 * its original (linking both copies = one false positive), and invoice-status accuracy against
 * truth/invoice_status.csv with OVERPAID counted as DISCREPANCY. The reference rule has no
 * statuses of its own, so its statuses are derived from its links with the README's rule (a link
 * without allocated_amount gets wire amount / number of invoices that wire is linked to).
 *
 * --compare=<src root> scores the matcher under another src/ (e.g. `git archive <commit> src`) and this
 * tree's side by side on the same sets: per-scenario link recall and status, the status confusion.
 *
 * --perturb re-runs the matcher on degraded copies of the wires (tax ids removed, names re-cased,
 * order shuffled, tolerances changed…) to show the figures do not hinge on this sample's details.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { matchPayments } from "../src/recon/core/match";
import { parseStatement } from "../src/recon/core/parse/detect";
import { parseInvoices } from "../src/recon/core/parse/invoices";
import { referenceRule } from "../src/recon/core/reference-rule";
import type { BankEntry, Invoice, MatchResult } from "../src/recon/core/types";
import { compareSet, loadImpl } from "./lib/recon-compare";

const publicDir = process.env.RECON_DIR ?? path.resolve(import.meta.dirname, "../../shared/data/recon");
const genDir = path.resolve(import.meta.dirname, "../eval/recon-gen");
const args = process.argv.slice(2);
const sourceArg = args.find((a) => a.startsWith("--source="))?.split("=")[1] ?? "all";
const verbose = args.includes("--verbose");
const feeTol = Number(process.env.RECON_FEE_TOLERANCE_PCT ?? 1);
const dateWindow = Number(process.env.RECON_DATE_WINDOW_DAYS ?? 10);

function csv(dir: string, file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path.join(dir, file), "utf8").trim().split(/\r?\n/);
  const cols = head.split(",");
  return rows.map((r) => {
    // truth files have no quoted commas except in remittance-free columns; split simply
    const cells = r.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

function evaluate(dir: string, sources: string[], label: string, perturb: boolean): void {
  const invParsed = parseInvoices(readFileSync(path.join(dir, "open_invoices.csv"), "utf8"), "text/csv");
  if (invParsed.errors.length) console.warn("invoice parse errors:", invParsed.errors.slice(0, 5));
  const invoices: Invoice[] = invParsed.invoices;
  const invoiceById = new Map(invoices.map((i) => [i.invoice_id, i]));
  const truthLinks = csv(dir, "truth/links.csv");
  const truthStatus = new Map(csv(dir, "truth/invoice_status.csv").map((r) => [r.invoice_id, r]));
  const canonical = new Map<string, string>();
  for (const w of csv(dir, "truth/wires.csv"))
    if (w.kind === "duplicate_import" && w.duplicate_of) canonical.set(w.wire_id, w.duplicate_of);
  const canon = (w: string) => canonical.get(w) ?? w;
  const truthPairs = new Set(truthLinks.map((l) => `${l.invoice_id}|${canon(l.wire_id)}`));

  function loadEntries(source: string): { entries: BankEntry[]; errors: number; warnings: number } {
    const files =
      source === "wires"
        ? ["incoming_bank_wires.csv"]
        : readdirSync(path.join(dir, "statements"))
            .filter((f) =>
              source === "camt" ? f.startsWith("camt") : source === "mt940" ? f.startsWith("mt940") : f === "bank_statement.csv",
            )
            .map((f) => `statements/${f}`);
    const entries: BankEntry[] = [];
    let errors = 0;
    let warnings = 0;
    for (const f of files) {
      const parsed = parseStatement(readFileSync(path.join(dir, f), "utf8"));
      entries.push(...parsed.entries);
      errors += parsed.errors.length;
      warnings += parsed.warnings.length;
    }
    return { entries, errors, warnings };
  }

  type Scores = { p: number; r: number; f1: number; tp: number; fp: number; fn: number; statusAcc: number };

  function scoreLinks(pairs: { invoice_id: string; wire_id: string }[], statusOf: (id: string) => string): Scores & { wrong: string[] } {
    const seen = new Set<string>();
    let tp = 0;
    let fp = 0;
    const wrong: string[] = [];
    for (const l of pairs) {
      const k = `${l.invoice_id}|${canon(l.wire_id)}`;
      if (truthPairs.has(k) && !seen.has(k)) {
        tp++;
        seen.add(k);
      } else {
        fp++;
        wrong.push(`FP ${k}`);
      }
    }
    for (const k of truthPairs) if (!seen.has(k)) wrong.push(`FN ${k}`);
    const fn = truthPairs.size - tp;
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp / truthPairs.size;
    let ok = 0;
    for (const [id, t] of truthStatus) {
      const s = statusOf(id) === "OVERPAID" ? "DISCREPANCY" : statusOf(id);
      const want = t.status === "OVERPAID" ? "DISCREPANCY" : t.status;
      if (s === want) ok++;
      else wrong.push(`STATUS ${id} got ${s} want ${want} (${t.scenario})`);
    }
    return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp, fp, fn, statusAcc: ok / truthStatus.size, wrong };
  }

  /** Per-scenario link recall and status, the status confusion matrix, and the review queue's top-3 candidate hit rate. */
  function breakdown(result: MatchResult, statusOf: (id: string) => string): void {
    const found = new Set(result.links.map((l) => `${l.invoice_id}|${canon(l.wire_id)}`));
    const per = new Map<string, { links: number; hit: number; inv: number; ok: number }>();
    const row = (sc: string) => per.get(sc) ?? per.set(sc, { links: 0, hit: 0, inv: 0, ok: 0 }).get(sc)!;
    for (const k of truthPairs) {
      const sc = row(truthStatus.get(k.split("|")[0])?.scenario ?? "?");
      sc.links++;
      if (found.has(k)) sc.hit++;
    }
    const conf = new Map<string, number>();
    const norm = (s: string) => (s === "OVERPAID" ? "DISCREPANCY" : s);
    for (const [id, t] of truthStatus) {
      const sc = row(t.scenario);
      sc.inv++;
      const got = norm(statusOf(id));
      if (got === norm(t.status)) sc.ok++;
      conf.set(`${norm(t.status)}>${got}`, (conf.get(`${norm(t.status)}>${got}`) ?? 0) + 1);
    }
    console.log("  scenario                          link recall        status");
    for (const [name, v] of [...per].sort()) {
      const rec = v.links ? `${fmt(v.hit / v.links)} (${v.hit}/${v.links})` : "—";
      console.log(`  ${name.padEnd(32)} ${rec.padEnd(18)} ${v.inv ? `${fmt(v.ok / v.inv)} (${v.ok}/${v.inv})` : "—"}`);
    }
    const labels = ["PAID", "PARTIAL", "UNPAID", "DISCREPANCY"];
    console.log(`  status confusion (rows truth, columns ours): ${labels.map((l) => l.padStart(11)).join("")}`);
    for (const t of labels) console.log(`  ${t.padEnd(44)}${labels.map((g) => String(conf.get(`${t}>${g}`) ?? 0).padStart(11)).join("")}`);
    const truthByWire = new Map<string, Set<string>>();
    for (const k of truthPairs) {
      const [inv, w] = k.split("|");
      (truthByWire.get(w) ?? truthByWire.set(w, new Set()).get(w)!).add(inv);
    }
    let items = 0;
    let top3 = 0;
    for (const r of result.review) {
      // A duplicate import is dismissed, not matched: it has no invoice of its own to propose.
      const want = r.wire_id && r.kind !== "DUPLICATE_ENTRY" ? truthByWire.get(canon(r.wire_id)) : undefined;
      if (!want) continue;
      items++;
      if ((r.candidates ?? []).slice(0, 3).some((c) => want.has(c.invoice_id))) top3++;
      else if (verbose)
        console.log(
          `   TOP3 miss ${r.kind} ${r.wire_id} want ${[...want].join(",")} got ${(r.candidates ?? []).map((c) => `${c.invoice_id}:${c.score}`).join(" ")}`,
        );
    }
    console.log(
      `  review items with a true invoice: ${items}; truth among top-3 candidates: ${items ? fmt(top3 / items) : "—"} (${top3}/${items})`,
    );
  }

  /** The README's status derivation from links (for rules without statuses of their own). */
  function statusFromLinks(
    links: { invoice_id: string; wire_id: string; amount: number | null }[],
    wireAmount: Map<string, number>,
  ): Map<string, string> {
    const perWire = new Map<string, number>();
    for (const l of links) perWire.set(l.wire_id, (perWire.get(l.wire_id) ?? 0) + 1);
    const paid = new Map<string, number>();
    for (const l of links) {
      const a = l.amount ?? (wireAmount.get(l.wire_id) ?? 0) / (perWire.get(l.wire_id) ?? 1);
      paid.set(l.invoice_id, (paid.get(l.invoice_id) ?? 0) + a);
    }
    const out = new Map<string, string>();
    for (const inv of invoices) {
      const s = paid.get(inv.invoice_id) ?? 0;
      out.set(
        inv.invoice_id,
        s === 0 ? "UNPAID" : s > inv.amount_minor + 1 ? "DISCREPANCY" : s * 100 >= inv.amount_minor * 99 ? "PAID" : "PARTIAL",
      );
    }
    return out;
  }

  const fmt = (x: number) => x.toFixed(4);
  console.log(
    `recon eval — ${label}: ${dir}\n${invoices.length} invoices, ${truthPairs.size} true links; fee tolerance ${feeTol} %, date window ${dateWindow} d\n`,
  );
  console.log("source   entries | matcher  P       R       F1      status  ms   | reference P     R       F1      status");
  for (const source of sources) {
    const { entries } = loadEntries(source);
    const t0 = performance.now();
    const result = matchPayments(invoices, entries, { fee_tolerance_pct: feeTol, date_window_days: dateWindow });
    const ms = performance.now() - t0;
    const outcome = new Map(result.outcomes.map((o) => [o.invoice_id, o.status]));
    const m = scoreLinks(result.links, (id) => outcome.get(id) ?? "UNPAID");
    const ref = referenceRule(invoices, entries).filter((r) => r.verdict === "VERIFIED_MATCH");
    const wireAmount = new Map(entries.map((e) => [e.entry_ref ?? e.bank_ref ?? e.natural_key, e.amount_minor]));
    const refStatus = statusFromLinks(
      ref.map((r) => ({ invoice_id: r.invoice_id, wire_id: r.wire_id, amount: null })),
      wireAmount,
    );
    const rs = scoreLinks(ref, (id) => refStatus.get(id) ?? "UNPAID");
    console.log(
      `${source.padEnd(8)} ${String(entries.length).padStart(7)} |          ${fmt(m.p)}  ${fmt(m.r)}  ${fmt(m.f1)}  ${fmt(m.statusAcc)} ${ms.toFixed(0).padStart(4)} |           ${fmt(rs.p)}  ${fmt(rs.r)}  ${fmt(rs.f1)}  ${fmt(rs.statusAcc)}`,
    );
    // Also the README's link-derived statuses for our links (what a scorer without our status file sees).
    const derived = statusFromLinks(
      result.links.map((l) => ({ invoice_id: l.invoice_id, wire_id: l.wire_id, amount: l.allocated_minor })),
      wireAmount,
    );
    const d = scoreLinks(result.links, (id) => derived.get(id) ?? "UNPAID");
    if (source === sources[0]) breakdown(result, (id) => outcome.get(id) ?? "UNPAID");
    if (verbose) {
      console.log(
        `  matcher: tp ${m.tp} fp ${m.fp} fn ${m.fn}; status from links ${fmt(d.statusAcc)}; review ${result.review.length}; duplicates ${result.duplicates.length}; unmatched ${result.unmatched.length}`,
      );
      for (const w of m.wrong) {
        const [, k] = w.split(" ");
        const inv = invoiceById.get(k?.split("|")[0] ?? "");
        console.log(`   ${w}${inv ? ` [${inv.amount_minor} due ${inv.due_date}]` : ""}`);
      }
    }
  }

  if (perturb) {
    const { entries: base } = loadEntries("wires");
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
    const cases: [string, BankEntry[], Record<string, number>][] = [
      ["order shuffled", [...base].sort(() => rnd() - 0.5), {}],
      ["30 % of tax ids removed", base.map((e) => (rnd() < 0.3 ? { ...e, sender_tax_id: null } : e)), {}],
      ["all tax ids removed", base.map((e) => ({ ...e, sender_tax_id: null })), {}],
      [
        "names lower-cased, dots dropped",
        base.map((e) => ({ ...e, sender_name: (e.sender_name ?? "").toLowerCase().replace(/\./g, "") })),
        {},
      ],
      ["remittance lower-cased", base.map((e) => ({ ...e, remittance: e.remittance.toLowerCase() })), {}],
      ["all dates + 2 days", base.map((e) => ({ ...e, booking_date: shift(e.booking_date, 2) })), {}],
      ["fee tolerance 0.5 %", base, { fee_tolerance_pct: 0.5 }],
      ["fee tolerance 2 %", base, { fee_tolerance_pct: 2 }],
      ["date window 5 days", base, { date_window_days: 5 }],
      ["date window 30 days", base, { date_window_days: 30 }],
      ["20 % of remittances blanked (info lost)", base.map((e) => (rnd() < 0.2 ? { ...e, remittance: "" } : e)), {}],
    ];
    console.log("\nperturbed wires                          P       R       F1      status");
    for (const [name, entries, cfg] of cases) {
      const r = matchPayments(invoices, entries, { fee_tolerance_pct: feeTol, date_window_days: dateWindow, ...cfg });
      const outcome = new Map(r.outcomes.map((o) => [o.invoice_id, o.status]));
      const sc = scoreLinks(r.links, (id) => outcome.get(id) ?? "UNPAID");
      console.log(`${name.padEnd(40)} ${fmt(sc.p)}  ${fmt(sc.r)}  ${fmt(sc.f1)}  ${fmt(sc.statusAcc)}`);
    }
  }
}

const sources = sourceArg === "all" ? ["wires", "camt", "mt940", "bankcsv"] : [sourceArg];
const sets = args.find((a) => a.startsWith("--set="))?.split("=")[1] ?? "all";
const compare = args.find((a) => a.startsWith("--compare="))?.split("=")[1];
if (compare) {
  // Before/after side by side: the matcher under <src root> and this tree's, on the same sets (wires).
  const impls = [await loadImpl("before", path.resolve(compare)), await loadImpl("after", path.resolve(import.meta.dirname, "../src"))];
  const cfg = { fee_tolerance_pct: feeTol, date_window_days: dateWindow };
  if (sets === "all" || sets === "public") compareSet(publicDir, "public set", impls, cfg);
  if (sets === "all" || sets === "gen")
    for (const [name, seed] of [
      ["dev", 1501],
      ["holdout", 9157],
      ["fresh", 31337],
    ] as const)
      compareSet(path.join(genDir, name), `team generator, ${name} (seed ${seed})`, impls, cfg);
  process.exit(0);
}
if (sets === "all" || sets === "public") evaluate(publicDir, sources, "public set", args.includes("--perturb"));
if (sets === "all" || sets === "gen") {
  evaluate(path.join(genDir, "dev"), ["wires"], "team generator, dev (seed 1501)", false);
  evaluate(path.join(genDir, "holdout"), ["wires"], "team generator, holdout (seed 9157; one miss read once)", false);
  evaluate(path.join(genDir, "fresh"), ["wires"], "team generator, FRESH unseen (seed 31337, never inspected)", false);
}

/**
 * The corpora of scripts/eval-leads.ts, loaded as cases (bytes, media type, labels): the public set,
 * phrasing variants, the real-world corpus, the synthetic table PDFs and the injection corpus.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateVariants } from "./lead-variants";
import { generatePdfTableCases } from "./pdf-table-variants";

export type Truth = {
  case_id: string;
  format: string;
  kind?: string;
  /** false: a corpus labelled for injection only (no field is scored). */
  fieldsLabelled?: boolean;
  company: string | null;
  contact_email: string | null;
  employees: number | null;
  budget_usd: number | null;
  timeline_weeks: number | null;
  intent: string | null;
  injection_attempt: boolean;
};
export type Case = Truth & { bytes: Uint8Array; contentType: string; filename: string; receivedAt: string };

const CONTENT_TYPES: Record<string, string> = {
  ".eml": "message/rfc822",
  ".mbox": "application/mbox",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".json": "application/json",
};

export function corporaIn(root: string, publicDir: string) {
  const realDir = path.join(root, "eval/leads-real");
  const injDir = path.join(root, "eval/injection-real");
  function loadPublic(): Case[] {
    type Row = Truth & { file: string; message_date: string };
    return readFileSync(path.join(publicDir, "truth.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Row)
      .map((t) => {
        const ext = path.extname(t.file).toLowerCase();
        return {
          ...t,
          bytes: new Uint8Array(readFileSync(path.join(publicDir, t.file))),
          contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
          filename: path.basename(t.file),
          receivedAt: new Date().toISOString(),
        };
      });
  }

  function loadReal(split: "dev" | "holdout"): Case[] {
    type Row = Truth & { file: string; split: string; message_date: string };
    const rows = JSON.parse(readFileSync(path.join(realDir, "labels.json"), "utf8")) as Row[];
    return rows
      .filter((r) => r.split === split)
      .map((t) => {
        const ext = path.extname(t.file).toLowerCase();
        return {
          ...t,
          bytes: new Uint8Array(readFileSync(path.join(realDir, t.file))),
          contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
          filename: path.basename(t.file),
          receivedAt: t.message_date,
        };
      });
  }

  function loadInjection(split: "dev" | "holdout"): Case[] {
    type Row = { case_id: string; file: string; split: string; kind: string; message_date: string; injection_attempt: boolean };
    const rows = JSON.parse(readFileSync(path.join(injDir, "labels.json"), "utf8")) as Row[];
    return rows
      .filter((r) => r.split === split)
      .map((t) => ({
        case_id: t.case_id,
        format: "eml",
        kind: t.kind,
        fieldsLabelled: false,
        company: null,
        contact_email: null,
        employees: null,
        budget_usd: null,
        timeline_weeks: null,
        intent: null,
        injection_attempt: t.injection_attempt,
        bytes: new Uint8Array(readFileSync(path.join(injDir, t.file))),
        contentType: "message/rfc822",
        filename: path.basename(t.file),
        receivedAt: t.message_date,
      }));
  }

  function loadPdfTables(seed: number): Case[] {
    return generatePdfTableCases(seed, 40).map((c) => ({
      ...c,
      kind: c.layout,
      format: "pdf",
      contentType: "application/pdf",
      filename: `${c.case_id}.pdf`,
      receivedAt: c.message_date,
    }));
  }

  function loadVariants(seed: number): Case[] {
    return generateVariants(seed, 200).map((v) => ({
      ...v,
      format: "email",
      bytes: new TextEncoder().encode(v.raw),
      contentType: "message/rfc822",
      filename: `${v.case_id}.eml`,
      receivedAt: v.message_date,
    }));
  }

  return { loadPublic, loadReal, loadInjection, loadPdfTables, loadVariants };
}

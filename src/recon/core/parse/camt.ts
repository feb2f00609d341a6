import { InvalidInput } from "../../../platform/errors";
import { NaturalKeyer } from "../natural-key";
import type { BankEntry, Direction, ParsedStatement, ParseIssue, StatementFormat, StatementSummary } from "../types";
import { checkCurrency, guardText, issue, newSummary, normalizeDate, parseAmount, type ParseOptions } from "./common";
import { drain, type Steps } from "../../../platform/steps";
import { readXmlSteps, XmlError } from "./xml-reader";

/**
 * ISO 20022 camt.053 (BkToCstmrStmt/Stmt), camt.054 (BkToCstmrDbtCdtNtfctn/Ntfctn) and, for free,
 * camt.052 (BkToCstmrAcctRpt/Rpt): one BankEntry per Ntry, or one per TxDtls when a batch booking
 * carries several transactions with their own amounts. Namespace prefixes are dropped, so any
 * message version (.001.02 … .001.08, where the party sits under Dbtr/Pty) reads the same.
 * Statement balances (OPBD/PRCD + entries = CLBD) are checked when both are present.
 */
type XmlNode = Record<string, unknown>;

function isNode(v: unknown): v is XmlNode {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}
/** Follows a path of element names, taking the first element at each step. */
function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    const first = list(cur)[0];
    if (!isNode(first)) return undefined;
    cur = first[p];
  }
  return Array.isArray(cur) ? cur[0] : cur;
}
function text(v: unknown, ...path: string[]): string | null {
  const x = at(v, ...path);
  if (typeof x === "string") return x.trim() === "" ? null : x.trim();
  if (isNode(x) && typeof x["#text"] === "string") return x["#text"].trim();
  return null;
}
function attr(v: unknown, name: string, ...path: string[]): string | null {
  const x = at(v, ...path);
  return isNode(x) && typeof x[`@${name}`] === "string" ? (x[`@${name}`] as string) : null;
}
const dateTime = (t: string | null): string | null => (t ? normalizeDate(t.slice(0, 10)) : null);

function date(v: unknown): string | null {
  const d = text(v, "Dt") ?? text(v, "DtTm");
  return d ? normalizeDate(d.slice(0, 10)) : null;
}

export function detectCamt(head: string): StatementFormat | null {
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<([\w]+:)?Document\b/.test(head) && !/<([\w]+:)?BkToCstmr/.test(head)) return null;
  if (/camt\.054|BkToCstmrDbtCdtNtfctn/.test(head)) return "camt054";
  if (/camt\.05[23]|BkToCstmrStmt|BkToCstmrAcctRpt/.test(head)) return "camt053";
  return null;
}

export function parseCamt(xml: string, opts: ParseOptions = {}): ParsedStatement {
  return drain(parseCamtSteps(xml, opts));
}

/** Entries read between two yields of `parseCamtSteps` (after the XML reader's own yields). */
export const CAMT_ENTRIES_PER_STEP = 500;

/** parseCamt as steps (see platform/steps): the reader's yields, then one per CAMT_ENTRIES_PER_STEP entries. */
export function* parseCamtSteps(xml: string, opts: ParseOptions = {}): Steps<ParsedStatement> {
  const body = guardText(xml, "camt XML", opts);
  // No DTDs: external entities and entity expansion are how XML parsers get attacked.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new InvalidInput("camt XML: DOCTYPE/ENTITY declarations are not accepted");
  let doc: unknown;
  try {
    doc = yield* readXmlSteps(body);
  } catch (err) {
    if (err instanceof XmlError) {
      throw new InvalidInput(`camt XML is malformed: ${err.message} (line ${err.line}, column ${err.column})`, {
        line: err.line,
        column: err.column,
      });
    }
    throw err;
  }
  const root = at(doc, "Document") ?? doc;
  const stmtMsg = at(root, "BkToCstmrStmt");
  const ntfMsg = at(root, "BkToCstmrDbtCdtNtfctn");
  const rptMsg = at(root, "BkToCstmrAcctRpt");
  let format: StatementFormat;
  let reports: unknown[];
  let unit: string;
  if (isNode(stmtMsg)) [format, reports, unit] = ["camt053", list(stmtMsg.Stmt), "Stmt"];
  else if (isNode(ntfMsg)) [format, reports, unit] = ["camt054", list(ntfMsg.Ntfctn), "Ntfctn"];
  else if (isNode(rptMsg)) [format, reports, unit] = ["camt053", list(rptMsg.Rpt), "Rpt"];
  else throw new InvalidInput("camt XML: no BkToCstmrStmt, BkToCstmrDbtCdtNtfctn or BkToCstmrAcctRpt element");
  if (reports.length === 0) throw new InvalidInput(`camt XML: the message has no ${unit} element`);

  const groupDate = dateTime(text(stmtMsg ?? ntfMsg ?? rptMsg, "GrpHdr", "CreDtTm"));
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const entries: BankEntry[] = [];
  const statements: StatementSummary[] = [];
  const keyer = new NaturalKeyer();
  const seenKeys = new Set<string>();
  let firstAccount: string | null = null;
  let ntryNo = 0;

  for (const [ri, rep] of reports.entries()) {
    const repId = text(rep, "Id") ?? `${unit} ${ri + 1}`;
    const messageDate = dateTime(text(rep, "CreDtTm")) ?? dateTime(text(rep, "FrToDt", "ToDtTm")) ?? groupDate;
    const account = text(rep, "Acct", "Id", "IBAN") ?? text(rep, "Acct", "Id", "Othr", "Id");
    firstAccount ??= account;
    const acctCcy = text(rep, "Acct", "Ccy");
    let credits = 0;
    let debits = 0;
    let balanceCcy: string | null = null;
    let balanceUsable = true;
    const firstEntry = entries.length;
    const firstError = errors.length;
    let booked = 0;
    let zeros = 0;
    for (const ntry of list(isNode(rep) ? rep.Ntry : undefined)) {
      ntryNo++;
      if (ntryNo % CAMT_ENTRIES_PER_STEP === 0) yield;
      const where = `${repId} Ntry ${ntryNo}`;
      // Only booked entries are money on the account; pending/informational ones come again once booked.
      const sts = text(ntry, "Sts") ?? text(ntry, "Sts", "Cd");
      if (sts && sts !== "BOOK") {
        warnings.push(issue("NOT_BOOKED", `entry status ${sts}: not imported until booked`, where));
        continue;
      }
      booked++;
      const ccyRaw = attr(ntry, "Ccy", "Amt") ?? acctCcy ?? "";
      const currency = checkCurrency(ccyRaw);
      if (!currency) {
        errors.push(issue("UNKNOWN_CURRENCY", `unknown currency "${ccyRaw}"`, where));
        balanceUsable = false;
        continue;
      }
      const amt = parseAmount(text(ntry, "Amt") ?? "", currency, "dot");
      if ("error" in amt) {
        errors.push(issue("BAD_AMOUNT", amt.error, where));
        balanceUsable = false;
        continue;
      }
      if (amt.minor === 0) {
        warnings.push(issue("ZERO_AMOUNT", "a zero entry moves no money: nothing to import", where));
        zeros++;
        continue;
      }
      if (amt.minor < 0) {
        errors.push(issue("NEGATIVE_AMOUNT", `entry amount ${text(ntry, "Amt")} must be positive (the sign is CdtDbtInd)`, where));
        balanceUsable = false;
        continue;
      }
      const ind = text(ntry, "CdtDbtInd");
      if (ind !== "CRDT" && ind !== "DBIT") {
        errors.push(issue("BAD_DIRECTION", `CdtDbtInd "${ind ?? ""}" is not CRDT or DBIT`, where));
        balanceUsable = false;
        continue;
      }
      // CdtDbtInd is the money's real direction even on a reversal (RvslInd), which only says the
      // entry undoes an earlier one; the matcher never treats a reversal as a customer payment.
      const direction: Direction = ind === "CRDT" ? "credit" : "debit";
      const reversal = text(ntry, "RvslInd") === "true";
      if (direction === "credit") credits += amt.minor;
      else debits += amt.minor;
      balanceCcy ??= currency;
      let booking = date(at(ntry, "BookgDt")) ?? date(at(ntry, "ValDt"));
      if (!booking && messageDate) {
        // A minimal notification may date only the message: the entry is booked money all the same.
        booking = messageDate;
        warnings.push(issue("DATE_FROM_MESSAGE", `entry has no BookgDt/ValDt: dated ${messageDate} from the message`, where));
      }
      if (!booking) {
        errors.push(issue("BAD_DATE", "entry has no valid BookgDt/ValDt", where));
        continue;
      }
      const valueDate = date(at(ntry, "ValDt"));
      const ntryRef = text(ntry, "NtryRef");
      const ntryBankRef = text(ntry, "AcctSvcrRef");
      const txs = list(at(ntry, "NtryDtls") && isNode(at(ntry, "NtryDtls")) ? (at(ntry, "NtryDtls") as XmlNode).TxDtls : undefined);
      // A batch booking lists its transactions; split it only when each carries its own amount.
      let split = txs.length > 1 && txs.every((tx) => text(tx, "AmtDtls", "TxAmt", "Amt") ?? text(tx, "Amt"));
      if (split) {
        let sum = 0;
        for (const tx of txs) {
          const a = parseAmount(text(tx, "AmtDtls", "TxAmt", "Amt") ?? text(tx, "Amt") ?? "", currency, "dot");
          sum += "minor" in a ? a.minor : Number.NaN;
        }
        if (sum !== amt.minor) {
          // The booked amount is the money; details that do not add up to it cannot split it.
          warnings.push(
            issue(
              "BATCH_MISMATCH",
              `the batch's transaction amounts do not add up to the entry amount ${text(ntry, "Amt")}: kept whole`,
              where,
            ),
          );
          split = false;
        }
      }
      const parts = split ? txs : [txs[0]];
      // A split part's key is its position in the entry's batch unless the bank gave each part a
      // reference of its own: parts that share one reference are different transactions, not copies.
      const partRefs = parts.map((tx) => text(tx, "Refs", "AcctSvcrRef"));
      for (let i = 0; i < partRefs.length; i++) {
        const own = partRefs[i];
        const unique = own && own !== ntryBankRef && partRefs.filter((r) => r === own).length === 1;
        if (!unique) partRefs[i] = ntryBankRef || own ? `${ntryBankRef ?? own}/${i + 1}` : null;
      }
      parts.forEach((tx, ti) => {
        let amount = amt.minor;
        if (split) {
          const a = parseAmount(text(tx, "AmtDtls", "TxAmt", "Amt") ?? text(tx, "Amt") ?? "", currency, "dot");
          if ("error" in a || a.minor <= 0) {
            errors.push(issue("BAD_AMOUNT", `TxDtls ${ti + 1}: ${"error" in a ? a.error : "amount must be positive"}`, where));
            return;
          }
          amount = a.minor;
        }
        const party = direction === "credit" ? "Dbtr" : "Cdtr";
        const p = at(tx, "RltdPties", party);
        const pty = at(p, "Pty") ?? p; // camt.053.001.08 nests the party under Pty
        const name = text(pty, "Nm");
        const taxId =
          text(pty, "Id", "OrgId", "Othr", "Id") ?? text(pty, "Id", "PrvtId", "Othr", "Id") ?? text(pty, "Id", "OrgId", "AnyBIC") ?? null;
        const rmt = at(tx, "RmtInf");
        const texts: string[] = [];
        for (const u of list(isNode(rmt) ? rmt.Ustrd : undefined)) if (typeof u === "string" && u.trim()) texts.push(u.trim());
        for (const s of list(isNode(rmt) ? rmt.Strd : undefined)) {
          for (const doc of list(isNode(s) ? s.RfrdDocInf : undefined)) {
            const nb = text(doc, "Nb");
            if (nb) texts.push(nb);
          }
          const cref = text(s, "CdtrRefInf", "Ref");
          if (cref) texts.push(cref);
          for (const add of list(isNode(s) ? s.AddtlRmtInf : undefined)) if (typeof add === "string" && add.trim()) texts.push(add.trim());
        }
        const addtl = text(ntry, "AddtlNtryInf");
        if (texts.length === 0 && addtl) texts.push(addtl);
        const bankRef = split ? partRefs[ti] : (ntryBankRef ?? text(tx, "Refs", "AcctSvcrRef"));
        const e2e = text(tx, "Refs", "EndToEndId");
        const entryRef = ntryRef ?? (e2e && e2e !== "NOTPROVIDED" ? e2e : null);
        const fields = {
          account,
          bank_ref: bankRef,
          entry_ref: split && ntryRef ? `${ntryRef}/${ti + 1}` : entryRef,
          amount_minor: amount,
          currency,
          direction,
          booking_date: booking,
          value_date: valueDate,
          sender_name: name,
          sender_tax_id: taxId,
          remittance: texts.join(" "),
        };
        const natural_key = keyer.key(fields);
        if (seenKeys.has(natural_key)) {
          warnings.push(issue("DUPLICATE_NATURAL_KEY", `bank reference ${bankRef} repeats an earlier entry; kept once`, where));
          return;
        }
        seenKeys.add(natural_key);
        entries.push({ natural_key, ...fields, ...(reversal ? { reversal } : {}), format });
      });
    }
    // Balance check: opening (OPBD/PRCD) + credits − debits must equal closing (CLBD).
    let opening: number | null = null;
    let closing: number | null = null;
    for (const bal of list(isNode(rep) ? rep.Bal : undefined)) {
      const code = text(bal, "Tp", "CdOrPrtry", "Cd");
      const ccy = checkCurrency(attr(bal, "Ccy", "Amt") ?? acctCcy ?? "");
      if (!ccy) continue;
      const a = parseAmount(text(bal, "Amt") ?? "", ccy, "dot");
      if ("error" in a) continue;
      const signed = text(bal, "CdtDbtInd") === "DBIT" ? -a.minor : a.minor;
      if (code === "OPBD" || code === "PRCD") opening = signed;
      if (code === "CLBD") closing = signed;
    }
    const mine = entries.slice(firstEntry);
    const sum = newSummary(repId, account, balanceCcy ?? acctCcy ?? null, { opening, closing });
    Object.assign(sum, {
      lines: booked,
      entries: mine.length,
      zero_lines: zeros,
      rejected_lines: errors.length - firstError,
      credit_minor: mine.filter((e) => e.direction === "credit").reduce((a, e) => a + e.amount_minor, 0),
      debit_minor: mine.filter((e) => e.direction === "debit").reduce((a, e) => a + e.amount_minor, 0),
      balance:
        opening === null || closing === null || !balanceUsable ? "unchecked" : opening + credits - debits === closing ? "ok" : "mismatch",
    });
    statements.push(sum);
    if (sum.balance === "mismatch") {
      errors.push(
        issue(
          "BALANCE_MISMATCH",
          `opening ${opening} + credits ${credits} − debits ${debits} ≠ closing ${closing} (minor units${balanceCcy ? ` ${balanceCcy}` : ""})`,
          repId,
        ),
      );
    }
  }
  return { format, account: firstAccount, entries, warnings, errors, statements };
}

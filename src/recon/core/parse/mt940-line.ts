import { entryDateNear, swiftAmount, swiftDate } from "./swift";

/**
 * One MT940 `:61:` statement line, per the SWIFT field format
 * `6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]` + `[34x]` supplementary details on the next line:
 * value date, optional entry date, mark (C, D, RC, RD), optional funds code (the third letter of
 * the currency code), amount, transaction type (N/S/F + three characters), customer reference,
 * optional bank reference, optional details.
 *
 * Banks deviate in ways that carry no ambiguity, and those are read: a space before the type code
 * (`D12,35 NRTI`), an old code of two characters and a space (`NOV NONREF`), no type code at all,
 * blank entry dates, no decimal comma (`C500NTRF`), a reference longer than 16 characters (the
 * rest is details, as the format's field widths say), details on the same line.
 */
export type Line61 = {
  valueDate: string;
  entryDate: string;
  mark: "C" | "D" | "RC" | "RD";
  fundsCode: string | null;
  amountText: string;
  typeCode: string | null;
  customerRef: string | null;
  bankRef: string | null;
  details: string;
};

const HEAD = /^(\d{6})(?:(\d{4})|\s{4})?\s*(RC|RD|C|D)([A-Z](?=\d))?(\d+(?:[,.]\d*)?)\s?/;
const TYPE_STRICT = /^[NSF][A-Z0-9]{3}/;
const TYPE_SHORT = /^[NSF][A-Z0-9]{2} /;

export type Line61Error = { error: string; code: "BAD_LINE" | "BAD_DATE" };

export function readLine61(value: string): Line61 | Line61Error {
  const [first, ...more] = value.split("\n");
  const line = first.trimEnd();
  const m = HEAD.exec(line.trimStart());
  if (!m) return { error: `:61: "${line.trim().slice(0, 80)}" is not a statement line`, code: "BAD_LINE" };
  const valueDate = swiftDate(m[1]);
  if (!valueDate) return { error: `value date ${m[1]} is not a date`, code: "BAD_DATE" };
  const entryDate = m[2] ? entryDateNear(valueDate, m[2]) : valueDate;
  if (!entryDate) return { error: `entry date ${m[2]} is not a date`, code: "BAD_DATE" };
  let rest = line.trimStart().slice(m[0].length);
  let typeCode: string | null = null;
  const type = TYPE_SHORT.exec(rest) ?? TYPE_STRICT.exec(rest);
  if (type) {
    typeCode = type[0].trim();
    rest = rest.slice(type[0].length);
  }
  const slash = rest.indexOf("//");
  const custPart = slash >= 0 ? rest.slice(0, slash) : rest;
  const bankPart = slash >= 0 ? rest.slice(slash + 2) : "";
  const [customerRef, custExtra] = field16(custPart);
  const [bankRef, bankExtra] = field16(bankPart);
  const details = [custExtra, bankExtra, ...more.map((l) => l.trim())].filter(Boolean).join(" ");
  return {
    valueDate,
    entryDate,
    mark: m[3] as Line61["mark"],
    fundsCode: m[4] ?? null,
    amountText: m[5],
    typeCode,
    customerRef,
    bankRef,
    details,
  };
}

/** A `16x` subfield: its first 16 characters; anything after them belongs to the next subfield. */
function field16(text: string): [string | null, string] {
  const t = text.trimStart();
  if (t.length <= 16) return [t.trim() || null, ""];
  // Banks pad a short reference with spaces and then write details: cut at the padding.
  const pad = /\s{2,}/.exec(t);
  const cut = pad && pad.index <= 16 ? pad.index : 16;
  return [t.slice(0, cut).trim() || null, t.slice(cut).trim()];
}

export const isCredit = (mark: Line61["mark"]): boolean => mark === "C" || mark === "RD";

export function lineAmount(l: Line61, currency: string): number | null {
  return swiftAmount(l.amountText, currency);
}

import { parseDecimalToMinor } from "../../../platform/money";

/**
 * The SWIFT FIN envelope around MT940/MT942 text, read per the FIN block rules rather than one
 * bank's sample: a message is `{1:…}{2:…}{3:{108:…}}{4:` CRLF fields `-}` `{5:{MAC:…}{CHK:…}}`,
 * and banks deliver it with the blocks on one line or several, with SOH/ETX/SUB control bytes
 * around messages, with `-}` glued to the last field, or with no envelope at all (just fields,
 * sometimes after a few header lines such as `ABNANL2A` / `940` / `:940:`).
 *
 * `fieldsOf` returns the messages of a file as lists of fields (tag, value, line). A field's
 * continuation lines are kept with "\n" between them; readers decide how to join them.
 */
export type SwiftField = { tag: string; value: string; line: number };

// Control characters other than TAB and line ends: SOH (0x01) / ETX (0x03) envelopes, SUB (0x1A) end of file …
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// Blocks 1–3 (block 3 nests {108:…}) and the opening of block 4, wherever they stand on a line.
const HEADER_BLOCKS = /\{[123]:(?:[^{}]|\{[^{}]*\})*\}/g;
const FIELD = /^:(\d{2}[A-Z]?):(.*)$/;

export function fieldsOf(text: string): SwiftField[][] {
  const messages: SwiftField[][] = [];
  let cur: SwiftField[] = [];
  let last: SwiftField | null = null;
  const end = () => {
    if (cur.length) messages.push(cur);
    cur = [];
    last = null;
  };
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  lines.forEach((raw, i) => {
    let line = raw.replace(CONTROL, "");
    if (/\{[123]:/.test(line) || line.includes("{4:")) {
      // A new envelope: whatever was open is complete.
      line = line.replace(HEADER_BLOCKS, "");
      const b4 = line.indexOf("{4:");
      if (b4 >= 0) {
        end();
        line = line.slice(b4 + 3);
      }
    }
    // End of block 4: `-}` (or a lone `-`), possibly glued to the last field's value, then block 5.
    let closes = false;
    const close = /-\}|^-\s*$|^\{5:/.exec(line);
    if (close) {
      line = line.slice(0, close.index);
      closes = true;
    }
    if (/^\s*\{5:/.test(line) || /^\s*\}\s*$/.test(line)) line = "";
    const m = FIELD.exec(line);
    if (m) {
      if (m[1] === "20" && cur.some((f) => f.tag === "20")) end();
      last = { tag: m[1], value: m[2], line: i + 1 };
      cur.push(last);
    } else if (last && line.trim() !== "") {
      last.value += `\n${line}`;
    }
    if (closes) end();
  });
  end();
  return messages.filter((m) => m.some((f) => f.tag === "20" || f.tag === "61" || f.tag.startsWith("60")));
}

/**
 * A SWIFT amount (`15d`): digits with a decimal comma, where the comma may end the amount (`9,`)
 * and the integer part may carry leading zeros (`000000001000,00`); a missing comma is tolerated
 * (`C500NTRF`). More fraction digits than the currency has are accepted only when they are zeros.
 * Returns positive minor units (0 for a zero amount), or null.
 */
export function swiftAmount(text: string, currency: string): number | null {
  // SWIFT's decimal mark is the comma; a few old exports write a point instead. With no thousands
  // separators in the format, either one is unambiguous.
  const m = /^(\d+)(?:[,.](\d*))?$/.exec(text.trim());
  if (!m) return null;
  const int = m[1].replace(/^0+(?=\d)/, "");
  return parseDecimalToMinor(m[2] ? `${int}.${m[2]}` : int, currency);
}

/** YYMMDD → ISO date; SWIFT years 80–99 are 19xx, 00–79 20xx. */
export function swiftDate(yymmdd: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return null;
  const y = Number(m[1]);
  const year = y < 80 ? 2000 + y : 1900 + y;
  const dt = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
  if (dt.getUTCFullYear() !== year || dt.getUTCMonth() !== Number(m[2]) - 1 || dt.getUTCDate() !== Number(m[3])) return null;
  return dt.toISOString().slice(0, 10);
}

/**
 * The :61: entry date (MMDD, no year) as a full date: of the candidate years around the value
 * date, the one that puts the entry date nearest to it (a booking on 30 Dec for a value date of
 * 2 Jan belongs to the year before, one on 2 Jan for 30 Dec to the year after).
 */
export function entryDateNear(valueDate: string, mmdd: string): string | null {
  const y = Number(valueDate.slice(0, 4));
  const v = Date.parse(`${valueDate}T00:00:00Z`);
  let best: string | null = null;
  let bestDist = Infinity;
  for (const year of [y - 1, y, y + 1]) {
    const iso = `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
    const t = Date.parse(`${iso}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) continue;
    const d = Math.abs(t - v);
    if (d < bestDist) [best, bestDist] = [iso, d];
  }
  return best;
}

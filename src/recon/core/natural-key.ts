import type { BankEntry } from "./types";

/**
 * Natural keys make imports idempotent: `${account}|${bank_ref}` when the bank gives its own
 * reference for the line (camt AcctSvcrRef, MT940 `//` reference, the CSV's bank_reference),
 * else `h:` + SHA-256 hex of the entry's canonical content plus its occurrence number among
 * identical lines of the same file (so re-importing a file yields the same keys, while two
 * genuinely identical payments in one file stay two entries).
 *
 * The hash is computed synchronously (a small pure SHA-256 below) so parsers stay plain sync
 * functions usable from a queue consumer, a route and a Node bench alike; WebCrypto's digest is
 * async only. It is used for identity, not for secrecy.
 */
export type KeyFields = Pick<
  BankEntry,
  | "account"
  | "bank_ref"
  | "entry_ref"
  | "amount_minor"
  | "currency"
  | "direction"
  | "booking_date"
  | "value_date"
  | "sender_name"
  | "sender_tax_id"
  | "remittance"
>;

const NO_REF = new Set(["", "NONREF", "NOTPROVIDED", "NONE", "N/A"]);

export function usableRef(ref: string | null | undefined): string | null {
  if (ref == null) return null;
  const t = ref.trim();
  return NO_REF.has(t.toUpperCase()) ? null : t;
}

export function canonicalContent(e: KeyFields): string {
  return [
    e.account ?? "",
    e.entry_ref ?? "",
    e.bank_ref ?? "",
    e.booking_date,
    e.value_date ?? "",
    e.direction,
    e.amount_minor,
    e.currency,
    (e.sender_name ?? "").trim().toUpperCase(),
    (e.sender_tax_id ?? "").trim().toUpperCase(),
    e.remittance.trim().replace(/\s+/g, " "),
  ].join("\u001f");
}

/** Assigns natural keys to a file's entries in order; `seen` counts identical content per file. */
export class NaturalKeyer {
  private readonly seen = new Map<string, number>();
  private readonly byRef = new Map<string, string[]>();

  /**
   * With a bank reference: `${account}|${ref}`. The bank's reference names one booking, and a
   * booking has one amount, currency and direction: the same reference with those is the bank
   * reporting that booking again (in another statement of the file, another day's file), so it
   * gets the same key and is stored once. The same reference on a line that moves other money is
   * a collision of the key (a bank that reuses or cuts references), not a copy: that line gets
   * `…#2`, `…#3` in file order, so it is never dropped.
   */
  key(e: KeyFields): string {
    const ref = usableRef(e.bank_ref);
    if (ref) {
      const base = `${e.account ?? ""}|${ref}`;
      const content = `${e.amount_minor}|${e.currency}|${e.direction}`;
      const contents = this.byRef.get(base) ?? [];
      let i = contents.indexOf(content);
      if (i < 0) {
        i = contents.push(content) - 1;
        this.byRef.set(base, contents);
      }
      return i === 0 ? base : `${base}#${i + 1}`;
    }
    const content = canonicalContent(e);
    const n = (this.seen.get(content) ?? 0) + 1;
    this.seen.set(content, n);
    return `h:${sha256HexSync(`${content}\u001e${n}`)}`;
  }
}

// --- SHA-256 (FIPS 180-4), sync, over UTF-8 ------------------------------------------------

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();

export function sha256HexSync(text: string): string {
  const msg = encoder.encode(text);
  const bitLen = msg.length * 8;
  const padded = new Uint8Array(((msg.length + 9 + 63) >> 6) << 6);
  padded.set(msg);
  padded[msg.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15],
        b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  let out = "";
  for (const x of h) out += x.toString(16).padStart(8, "0");
  return out;
}

/** The bank's own reference of an entry (camt NtryRef, MT940 :61: reference, the CSV's column), else its key. */
export function wireIdOf(e: { entry_ref: string | null; bank_ref: string | null; natural_key: string }): string {
  return e.entry_ref ?? e.bank_ref ?? e.natural_key;
}

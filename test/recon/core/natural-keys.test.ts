import { describe, expect, it } from "vitest";
import { canonicalContent, NaturalKeyer, sha256HexSync, usableRef, wireIdOf, type KeyFields } from "../../../src/recon/core/natural-key";

/**
 * Natural keys are what keep re-imports idempotent: the same line must get the same key in every release (a
 * key that changed would store every earlier import's lines again). So the canonical form is pinned here, the
 * sync SHA-256 is checked against WebCrypto and the FIPS 180-4 vectors, and each rule of the key is exercised.
 */

async function webSha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function line(over: Partial<KeyFields> = {}): KeyFields {
  return {
    account: "DE89370400440532013000",
    bank_ref: null,
    entry_ref: "E2E-1",
    amount_minor: 123_450,
    currency: "EUR",
    direction: "credit",
    booking_date: "2026-03-31",
    value_date: "2026-04-01",
    sender_name: "Acme GmbH",
    sender_tax_id: "de123",
    remittance: "INV-1",
    ...over,
  };
}

describe("sha256HexSync", () => {
  it("gives the FIPS 180-4 digests", () => {
    expect(sha256HexSync("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256HexSync("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256HexSync("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agrees with WebCrypto on every length around the block and padding boundaries, and on UTF-8", async () => {
    for (const n of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 300]) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join("");
      expect(sha256HexSync(text), `length ${n}`).toBe(await webSha256(text));
    }
    expect(sha256HexSync("Gebühr für Straße €")).toBe(await webSha256("Gebühr für Straße €"));
  });
});

describe("canonicalContent", () => {
  it("is the fields in a fixed order, unit-separated, names and tax ids upper-cased, whitespace folded", () => {
    expect(canonicalContent(line({ sender_name: "  Acme GmbH ", sender_tax_id: " de123 ", remittance: "  INV-1 \n\t 2  " }))).toBe(
      ["DE89370400440532013000", "E2E-1", "", "2026-03-31", "2026-04-01", "credit", "123450", "EUR", "ACME GMBH", "DE123", "INV-1 2"].join(
        "\u001f",
      ),
    );
  });

  it("writes a missing field as empty", () => {
    expect(
      canonicalContent(line({ account: null, entry_ref: null, bank_ref: null, value_date: null, sender_name: null, sender_tax_id: null })),
    ).toBe(["", "", "", "2026-03-31", "", "credit", "123450", "EUR", "", "", "INV-1"].join("\u001f"));
  });
});

describe("NaturalKeyer", () => {
  it("keys a line without a bank reference by the hash of its content and its occurrence in the file", async () => {
    const keyer = new NaturalKeyer();
    const content = canonicalContent(line());
    expect(keyer.key(line())).toBe(`h:${await webSha256(`${content}\u001e1`)}`);
    // An identical second line is a second payment: occurrence 2.
    expect(keyer.key(line())).toBe(`h:${await webSha256(`${content}\u001e2`)}`);
    // Re-importing the file keys it the same way again.
    const again = new NaturalKeyer();
    expect([again.key(line()), again.key(line())]).toEqual([
      `h:${await webSha256(`${content}\u001e1`)}`,
      `h:${await webSha256(`${content}\u001e2`)}`,
    ]);
  });

  it("keys the same line the same way whatever the case and spacing of its text fields", () => {
    const a = new NaturalKeyer().key(line({ sender_name: "ACME GMBH", sender_tax_id: "DE123", remittance: "INV-1" }));
    const b = new NaturalKeyer().key(line({ sender_name: " acme gmbh", sender_tax_id: "de123 ", remittance: " INV-1\n" }));
    expect(a).toBe(b);
    expect(new NaturalKeyer().key(line({ remittance: "INV 1" }))).toBe(new NaturalKeyer().key(line({ remittance: "INV \n 1" })));
    expect(new NaturalKeyer().key(line({ remittance: "INV 1" }))).not.toBe(new NaturalKeyer().key(line({ remittance: "INV1" })));
  });

  it("keys by the bank's reference, the same booking reported again the same, other money under it #2, #3", () => {
    const keyer = new NaturalKeyer();
    const ref = (over: Partial<KeyFields>) => keyer.key(line({ bank_ref: " BR-9 ", ...over }));
    expect(ref({})).toBe("DE89370400440532013000|BR-9");
    expect(ref({ remittance: "reported again", booking_date: "2026-04-02" })).toBe("DE89370400440532013000|BR-9");
    expect(ref({ amount_minor: 1 })).toBe("DE89370400440532013000|BR-9#2");
    expect(ref({ direction: "debit" })).toBe("DE89370400440532013000|BR-9#3");
    expect(ref({ amount_minor: 1 })).toBe("DE89370400440532013000|BR-9#2");
    expect(ref({ currency: "USD" })).toBe("DE89370400440532013000|BR-9#4");
    expect(new NaturalKeyer().key(line({ account: null, bank_ref: "BR-9" }))).toBe("|BR-9");
  });

  it("ignores placeholder references", () => {
    for (const r of ["", "  ", "NONREF", "nonref", "NOTPROVIDED", "NONE", "n/a"]) expect(usableRef(r), r).toBeNull();
    expect([usableRef(null), usableRef(undefined), usableRef(" X1 ")]).toEqual([null, null, "X1"]);
    expect(new NaturalKeyer().key(line({ bank_ref: "NONREF" }))).toMatch(/^h:[0-9a-f]{64}$/);
  });

  it("names a wire by its entry reference, else the bank's, else its key", () => {
    expect(wireIdOf({ entry_ref: "E", bank_ref: "B", natural_key: "K" })).toBe("E");
    expect(wireIdOf({ entry_ref: null, bank_ref: "B", natural_key: "K" })).toBe("B");
    expect(wireIdOf({ entry_ref: null, bank_ref: null, natural_key: "K" })).toBe("K");
  });
});

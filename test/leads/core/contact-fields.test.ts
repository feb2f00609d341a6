import { describe, expect, it } from "vitest";
import { headerSafeContact } from "../../../src/leads/core/contact-fields";
import type { Extraction, Field } from "../../../src/leads/core/types";

const field = <T>(value: T | null, evidence: string | null = null, confidence = 0.9): Field<T> => ({ value, evidence, confidence });

function extraction(over: Partial<Extraction>): Extraction {
  return {
    company: field("Acme GmbH", "Acme GmbH"),
    contact_email: field("buyer@acme.example", "buyer@acme.example"),
    contact_name: field("Jane Buyer", "Jane Buyer"),
    employees: field(120),
    budget: field(null),
    timeline_weeks: field(6),
    intent: field("purchase"),
    products: field(["SKU-1"]),
    injection: { attempt: false, evidence: [] },
    ...over,
  } as Extraction;
}

describe("headerSafeContact", () => {
  it("stores an address carrying an extra header as null, the evidence saying why", () => {
    const out = headerSafeContact(extraction({ contact_email: field("buyer@x.com\r\nBcc: victim@example.com", "Email: buyer@x.com") }));
    expect(out.contact_email.value).toBeNull();
    expect(out.contact_email.confidence).toBe(0);
    expect(out.contact_email.evidence).toMatch(/not a valid e-mail address/);
    expect(out.contact_email.evidence).not.toMatch(/[\r\n]/);
  });

  it("puts a company and a name with CR/LF or control characters on one line", () => {
    const out = headerSafeContact(
      extraction({ company: field("Acme\r\nBcc: victim@example.com"), contact_name: field("Jane\u0000\nBuyer", "Jane Buyer", 0.8) }),
    );
    expect(out.company.value).toBe("Acme Bcc: victim@example.com");
    expect(out.contact_name).toEqual({ value: "Jane Buyer", evidence: "Jane Buyer", confidence: 0.8 });
  });

  it("leaves clean fields, and the fields mail never uses, exactly as they were", () => {
    const x = extraction({});
    const out = headerSafeContact(x);
    expect(out).toEqual(x);
    expect(out.company).toBe(x.company);
  });

  it("turns a name made only of control characters into no name", () => {
    expect(headerSafeContact(extraction({ contact_name: field("\r\n\t") })).contact_name).toMatchObject({ value: null, confidence: 0 });
  });
});

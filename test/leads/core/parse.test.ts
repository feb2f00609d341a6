import { describe, expect, it } from "vitest";
import { extractLead } from "../../../src/leads/core/extract/index";
import { toUsdMinor, usdUnits } from "../../../src/leads/core/fx";
import { parseInput, parseInternalEventLead } from "../../../src/leads/core/parse/index";
import { findIssueDate } from "../../../src/leads/core/parse/pdf";
import { scoreLead } from "../../../src/leads/core/score";
import { InvalidInput, PayloadTooLarge, UnsupportedMediaType } from "../../../src/platform/errors";
import { cases, emailWithPdfText, pdfBytes, truth } from "../../fixtures/leads/index";
import { buildPdf } from "./pdf-builder";

const receivedAt = "2026-11-25T12:00:00.000Z";
const enc = (s: string) => new TextEncoder().encode(s);
const norm = (s: string | null) =>
  s
    ?.toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\b(inc|llc|ltd|gmbh|corp)\b/g, "")
    .replace(/\s+/g, " ")
    .trim() ?? null;

describe("parse + extract the dev fixtures", () => {
  it.each(cases.map((c) => [c.id, c] as const))("reads %s like its truth", async (id, c) => {
    const t = truth[id];
    const doc = await parseInput({ bytes: c.bytes(), contentType: c.contentType, receivedAt });
    const x = extractLead(doc, { catalog: [] });
    const usd = usdUnits(x.budget.value ? toUsdMinor(x.budget.value) : null);
    expect(norm(x.company.value)).toBe(norm(t.company));
    expect(x.contact_email.value).toBe(t.contact_email?.toLowerCase() ?? null);
    expect(x.employees.value).toBe(t.employees);
    if (t.budget_usd === null) expect(usd).toBeNull();
    else expect(usd).toBeCloseTo(t.budget_usd, 0);
    if (t.timeline_weeks === null) expect(x.timeline_weeks.value).toBeNull();
    else expect(Math.abs((x.timeline_weeks.value ?? -99) - t.timeline_weeks)).toBeLessThanOrEqual(1);
    expect(x.intent.value).toBe(t.intent);
    expect(x.injection.attempt).toBe(t.injection_attempt);
    expect(scoreLead({ employees: x.employees.value, budget_usd: usd, timeline_weeks: x.timeline_weeks.value }).score).toBeCloseTo(
      t.score,
      1,
    );
    // Every evidence is a verbatim span of what was received.
    const hay = `${doc.subject ?? ""}\n${doc.text}\n${Object.values(doc.structured).join("\n")}\n${doc.sender.email} ${doc.sender.name}`;
    for (const f of [x.company, x.contact_email, x.employees, x.budget, x.timeline_weeks, x.intent])
      if (f.evidence) expect(hay).toContain(f.evidence);
    for (const e of x.injection.evidence) expect(hay).toContain(e);
    // Reference date: the message's own day.
    expect(doc.referenceDay ?? doc.referenceDate.slice(0, 10)).toBe(t.message_date.slice(0, 10));
  });

  it("reads an email's PDF attachment and keeps the email's Message-ID and Date", async () => {
    const doc = await parseInput({ bytes: enc(emailWithPdfText), contentType: "message/rfc822", receivedAt });
    expect(doc.format).toBe("email");
    expect(doc.externalId).toMatch(/^<dev-0052\./);
    expect(doc.referenceDay).toBe("2026-10-12");
    expect(doc.text).toContain("Go-live in 9 weeks would be ideal.");
  });

  it("reads numeric issue dates in RFPs (day-first with dots, US month-first with slashes)", () => {
    expect(findIssueDate("RFP\nDate of issue: 14.01.2026\n")?.day).toBe("2026-01-14");
    expect(findIssueDate("RFP\nIssued: 01/14/2026\nProposals due: 02/01/2026")?.day).toBe("2026-01-14");
    expect(findIssueDate("RFP\nProposals due: February 1, 2026")).toBeNull();
  });

  it("takes a standalone PDF's issue date as its reference date", async () => {
    const doc = await parseInput({ bytes: pdfBytes(), contentType: "application/pdf", receivedAt });
    expect(doc.format).toBe("pdf");
    expect(doc.referenceDay).toBe("2026-01-14");
    expect(doc.sender.email).toBe("priya.lind@kestrelsoftware.com");
  });

  it("keeps only the prospect's chat turns", async () => {
    const chat = cases.find((c) => c.id === "dev-0001");
    const doc = await parseInput({ bytes: chat!.bytes(), contentType: "text/plain", receivedAt });
    expect(doc.text).not.toContain("most customers go live in 6 weeks");
    expect(doc.text).toContain("We need this live within 14 weeks.");
    expect(doc.referenceDate).toBe("2026-09-24T16:07:00.000Z");
  });
});

describe("other shapes", () => {
  it("sniffs a PDF, JSON and mail sent as application/octet-stream", async () => {
    expect((await parseInput({ bytes: pdfBytes(), contentType: "application/octet-stream", receivedAt })).format).toBe("pdf");
    expect(
      (
        await parseInput({
          bytes: enc('{"email":"a@b.example","company":"B Co","message":"Quote please"}'),
          contentType: "application/octet-stream",
          receivedAt,
        })
      ).format,
    ).toBe("crm_generic");
    expect((await parseInput({ bytes: enc(emailWithPdfText), contentType: "application/octet-stream", receivedAt })).format).toBe("email");
  });

  it("reads an HTML-only email and a forwarded original's sender and date", async () => {
    const mail = [
      "From: Sam Rivera <sam.rivera@ledgerline.io>",
      "To: leads@ledgerline.io",
      "Subject: Fwd: pricing",
      "Date: Mon, 02 Mar 2026 09:00:00 +0000",
      "Message-ID: <fwd-1@ledgerline.io>",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>FYI, see below.</p><p>---------- Forwarded message ---------<br>From: Dana Ortiz &lt;dana@northwind.example&gt;<br>Date: Mon, Feb 16, 2026 at 10:59 AM<br>Subject: pricing<br>To: Sam Rivera &lt;sam.rivera@ledgerline.io&gt;</p>",
      "<p>I'm Dana, I run finance at Northwind Traders Ltd. We are 120 people and want to go live within 8 weeks.</p>",
    ].join("\r\n");
    const doc = await parseInput({ bytes: enc(mail), contentType: "message/rfc822", receivedAt });
    expect(doc.sender.email).toBe("dana@northwind.example");
    expect(doc.referenceDay).toBe("2026-02-16");
    expect(doc.text).not.toContain("FYI");
    const x = extractLead(doc, { catalog: [] });
    expect(x.contact_email.value).toBe("dana@northwind.example");
    expect(x.company.value).toMatch(/^Northwind Traders Ltd\.?$/);
    expect(x.employees.value).toBe(120);
    expect(x.timeline_weeks.value).toBe(8);
  });

  it("decodes a declared ISO-8859-1 mail", async () => {
    const head =
      "From: Jürgen Müller <jm@baeckerei.example>\r\nSubject: Angebot\r\nDate: Tue, 03 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    const body = Uint8Array.from("Wir sind die Bäckerei Müller GmbH, 45 Mitarbeiter. Budget: 20.000 €", (c) => c.charCodeAt(0) & 0xff);
    const bytes = new Uint8Array([...enc(head), ...body]);
    const doc = await parseInput({ bytes, contentType: "message/rfc822", receivedAt });
    expect(doc.text).toContain("Bäckerei Müller GmbH");
  });

  it("warns about undeclared 8-bit bytes in a mail instead of failing", async () => {
    const head = "From: a@b.example\r\nSubject: Angebot\r\nDate: Tue, 03 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain\r\n\r\n";
    const bytes = new Uint8Array([...enc(head), ...Uint8Array.from("Caf\xe9 Ltd wants a quote.", (c) => c.charCodeAt(0) & 0xff)]);
    const doc = await parseInput({ bytes, contentType: "message/rfc822", receivedAt });
    expect(doc.text).toContain("wants a quote");
  });

  it("reads HubSpot contact properties and a generic CRM webhook", async () => {
    const contact = {
      id: "501",
      properties: {
        email: "li@kiwi.example",
        firstname: "Li",
        lastname: "Wei",
        company: "Kiwi Labs",
        numemployees: "25-50",
        createdate: "2026-03-02T08:00:00Z",
        message: "Need a quote, go live by April 30.",
      },
    };
    const doc = await parseInput({ bytes: enc(JSON.stringify(contact)), contentType: "application/json", receivedAt });
    expect(doc.format).toBe("crm_hubspot");
    const x = extractLead(doc, { catalog: [] });
    expect(x.company.value).toBe("Kiwi Labs");
    expect(x.employees.value).toBe(38);
    expect(x.timeline_weeks.value).toBe(8);
    const generic = {
      event: "lead.created",
      data: {
        lead: {
          id: "L-9",
          contact: { email: "ops@gamma.example", name: "Ana" },
          company_name: "Gamma SA",
          budget: "EUR 40k",
          notes: "We want a proposal.",
        },
        created_at: "2026-03-02T08:00:00Z",
      },
    };
    const g = await parseInput({ bytes: enc(JSON.stringify(generic)), contentType: "application/json", receivedAt });
    const gx = extractLead(g, { catalog: [] });
    expect([gx.company.value, gx.contact_email.value, gx.budget.value]).toEqual([
      "Gamma SA",
      "ops@gamma.example",
      { amount_minor: 4_000_000, currency: "EUR" },
    ]);
  });

  it("turns a webhook lead event into a document with the event time as reference", () => {
    const doc = parseInternalEventLead(
      {
        email: "Kai@Delta.example",
        company: "Delta GmbH",
        firstname: "Kai",
        lastname: "Berg",
        NumberOfEmployees: 300,
        amount_minor: 5_000_000,
        currency: "USD",
        Description: "We plan to buy this quarter.",
      },
      "2026-03-02T10:00:00.000Z",
    );
    expect(doc.format).toBe("webhook");
    const x = extractLead(doc, { catalog: [] });
    expect(x.contact_email.value).toBe("kai@delta.example");
    expect(x.company.value).toBe("Delta GmbH");
    expect(x.employees.value).toBe(300);
    expect(x.budget.value).toEqual({ amount_minor: 5_000_000, currency: "USD" });
    expect(x.contact_name.value).toBe("Kai Berg");
  });

  it("reads the Salesforce adapter's lead event data and ignores its annual revenue", () => {
    const data = {
      org_id: "00D1",
      sobject_type: "Lead",
      email: "ng@epsilon.example",
      company: "Epsilon AG",
      first_name: "Li",
      last_name: "Ng",
      name: "Li Ng",
      number_of_employees: 250,
      annual_revenue_minor: 5_300_000_000,
      currency: "USD",
      description: "We'd like a quote; go-live within 10 weeks.",
      status: "Open",
    };
    const x = extractLead(parseInternalEventLead(data, "2026-03-02T10:00:00.000Z"), { catalog: [] });
    expect([
      x.company.value,
      x.contact_email.value,
      x.contact_name.value,
      x.employees.value,
      x.budget.value,
      x.timeline_weeks.value,
    ]).toEqual(["Epsilon AG", "ng@epsilon.example", "Li Ng", 250, null, 10]);
  });

  it("ignores Salesforce AnnualRevenue", async () => {
    const lead = {
      attributes: { type: "Lead" },
      Id: "00Q1",
      LastName: "Ng",
      Email: "ng@epsilon.example",
      Company: "Epsilon",
      AnnualRevenue: 53_000_000,
      Description: "Please send a quote.",
      CreatedDate: "2026-03-02T09:00:00.000+0000",
    };
    const doc = await parseInput({ bytes: enc(JSON.stringify(lead)), contentType: "application/json", receivedAt });
    const x = extractLead(doc, { catalog: [] });
    expect(doc.format).toBe("crm_salesforce");
    expect(doc.referenceDate).toBe("2026-03-02T09:00:00.000Z");
    expect(x.budget.value).toBeNull();
  });

  it("matches catalog products by name or SKU", async () => {
    const doc = await parseInput({
      bytes: enc("We want a quote for AR Autopilot and 20 seats of sku RECON-PRO."),
      contentType: "text/plain",
      receivedAt,
    });
    const x = extractLead(doc, {
      catalog: [
        { sku: "AR-AUTO", name: "AR Autopilot" },
        { sku: "RECON-PRO", name: "Recon Pro" },
        { sku: "FX-1", name: "FX Hedge" },
      ],
    });
    expect(x.products.value).toEqual(["AR-AUTO", "RECON-PRO"]);
  });
});

describe("bad input", () => {
  const reject = async (bytes: Uint8Array, contentType: string) =>
    parseInput({ bytes, contentType, receivedAt }).then(
      () => null,
      (e: unknown) => e,
    );

  it("refuses an empty body", async () => {
    expect(await reject(new Uint8Array(), "message/rfc822")).toBeInstanceOf(InvalidInput);
    expect(await reject(enc("  \n "), "text/plain")).toBeInstanceOf(InvalidInput);
  });

  it("refuses bytes that claim to be a PDF but are not", async () => {
    const e = await reject(enc("hello, this is not a pdf"), "application/pdf");
    expect(e).toBeInstanceOf(InvalidInput);
    expect((e as InvalidInput).kind).toBe("invalid_input");
  });

  it("refuses a corrupt PDF", async () => {
    const e = await reject(enc("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage garbage\n%%EOF"), "application/pdf");
    expect(e).toBeInstanceOf(InvalidInput);
  });

  it("refuses an encrypted PDF and reads the same PDF unencrypted", async () => {
    const lines = ["Request for Proposal - Zeta Corp", "Issue date: March 2, 2026", "We need this live within 5 weeks."];
    const e = await reject(buildPdf(lines, { encrypted: true }), "application/pdf");
    expect(e).toBeInstanceOf(InvalidInput);
    expect((e as Error).message).toMatch(/encrypted|could not be read/);
    const doc = await parseInput({ bytes: buildPdf(lines), contentType: "application/pdf", receivedAt });
    expect(doc.referenceDay).toBe("2026-03-02");
    expect(extractLead(doc, { catalog: [] }).timeline_weeks.value).toBe(5);
  });

  it("refuses a body without mail headers sent as message/rfc822", async () => {
    expect(await reject(enc("just some words"), "message/rfc822")).toBeInstanceOf(InvalidInput);
  });

  it("refuses non-UTF-8 text and JSON, and media types it does not ingest", async () => {
    expect(await reject(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), "application/json")).toBeInstanceOf(InvalidInput);
    expect(await reject(Uint8Array.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f]), "text/plain")).toBeInstanceOf(InvalidInput);
    expect(await reject(enc("{not json"), "application/json")).toBeInstanceOf(InvalidInput);
    expect(await reject(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), "image/png")).toBeInstanceOf(UnsupportedMediaType);
  });

  it("refuses a readable attachment over the size limit", async () => {
    const big = "x".repeat(2048);
    const mail = `From: a@b.example\r\nSubject: t\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: text/plain; name="big.txt"\r\nContent-Disposition: attachment; filename="big.txt"\r\n\r\n${big}\r\n--b--\r\n`;
    const e = await parseInput({ bytes: enc(mail), contentType: "message/rfc822", receivedAt }, { maxAttachmentBytes: 1024 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(PayloadTooLarge);
  });

  it("turns a readable message with nothing extractable into null fields with low confidence", async () => {
    const doc = await parseInput({ bytes: enc("hello"), contentType: "text/plain", receivedAt });
    const x = extractLead(doc, { catalog: [] });
    for (const f of [x.company, x.contact_email, x.employees, x.budget, x.timeline_weeks]) {
      expect(f.value).toBeNull();
      expect(f.confidence).toBeLessThan(0.5);
    }
    expect(x.intent.confidence).toBeLessThan(0.5);
  });

  it("notes a PDF attachment it cannot read instead of failing the email", async () => {
    const pdf = btoa("%PDF-1.4 broken");
    const mail = `From: a@b.example\r\nSubject: RFP\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: application/pdf; name="rfp.pdf"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="rfp.pdf"\r\n\r\n${pdf}\r\n--b--\r\n`;
    const doc = await parseInput({ bytes: enc(mail), contentType: "message/rfc822", receivedAt });
    expect(doc.text).toContain("See attached.");
    expect(doc.warnings.join(" ")).toMatch(/rfp\.pdf/);
  });
});

describe("format variants", () => {
  const read = async (body: string, contentType: string) => {
    const doc = await parseInput({ bytes: enc(body), contentType, receivedAt });
    return { doc, x: extractLead(doc, { catalog: [] }) };
  };

  it("reads an Outlook forward (FW: subject, separator and header block) as the original's lead", async () => {
    const mail =
      "From: Sam Rivera <sam.rivera@ledgerline.io>\r\nTo: leads@ledgerline.io\r\nSubject: FW: Quote request\r\nDate: Mon, 09 Mar 2026 09:00:00 +0000\r\n\r\nForwarding this lead.\r\n\r\n________________________________\r\nFrom: Dana Ortiz <dana@northwind.example>\r\nSent: Monday, March 2, 2026 10:59 AM\r\nTo: Sam Rivera <sam.rivera@ledgerline.io>\r\nSubject: Quote request\r\n\r\nI'm Dana, I run finance at Northwind Traders Ltd. We are 120 people and want to go live within 8 weeks. Budget: $60k.\r\n\r\nThanks,\r\nDana\r\n";
    const { doc, x } = await read(mail, "message/rfc822");
    expect(doc.referenceDay).toBe("2026-03-02");
    expect([x.contact_email.value, x.employees.value, x.timeline_weeks.value]).toEqual(["dana@northwind.example", 120, 8]);
    expect(x.budget.value).toEqual({ amount_minor: 6_000_000, currency: "USD" });
  });

  it("reads an Apple Mail forward and ignores the reply history inside a Gmail forward", async () => {
    const apple =
      "From: Dana <dana.o@mail.example>\r\nTo: sales@ledgerline.io\r\nSubject: Fwd: our RFP\r\nDate: Mon, 09 Mar 2026 09:00:00 +0000\r\n\r\nSee below.\r\n\r\nBegin forwarded message:\r\n\r\nFrom: Dana Ortiz <dana@northwind.example>\r\nSubject: our RFP\r\nDate: March 2, 2026 at 10:59:00 AM GMT+1\r\nTo: info@ledgerline.io\r\n\r\nWe're a team of 45 and need this live by end of Q2.\r\n";
    const a = await read(apple, "message/rfc822");
    expect([a.doc.referenceDay, a.x.contact_email.value, a.x.employees.value, a.x.timeline_weeks.value]).toEqual([
      "2026-03-02",
      "dana@northwind.example",
      45,
      17,
    ]);
    const gmail =
      "From: Sam <sam@ledgerline.io>\r\nSubject: Fwd: hi\r\nDate: Mon, 09 Mar 2026 09:00:00 +0000\r\n\r\n---------- Forwarded message ---------\r\nFrom: Jo Park <jo@acme.example>\r\nDate: Tue, Mar 3, 2026 at 8:12 AM\r\nSubject: hi\r\nTo: <sam@ledgerline.io>\r\n\r\nHello, I'm Jo from Acme Robotics GmbH. We have 80 employees, budget €40k, go-live in 6 weeks.\r\n\r\nBest regards,\r\nJo Park\r\n\r\nOn Mon, Mar 2, 2026 at 9:00 AM Sam <sam@ledgerline.io> wrote:\r\n> We have 12,000 customers and 900 employees. Budget $999k.\r\n";
    const g = await read(gmail, "message/rfc822");
    expect([g.doc.referenceDay, g.x.company.value, g.x.employees.value, g.x.timeline_weeks.value]).toEqual([
      "2026-03-03",
      "Acme Robotics GmbH",
      80,
      6,
    ]);
    expect(g.x.budget.value).toEqual({ amount_minor: 4_000_000, currency: "EUR" });
  });

  it("treats an Outlook 'Original Message' in a reply as history, not as a forward", async () => {
    const reply =
      "From: Kim Lee <kim@lee.example>\r\nSubject: RE: your offer\r\nDate: Mon, 09 Mar 2026 09:00:00 +0000\r\n\r\nThanks, we're 35 people; please send the quote.\r\n\r\n-----Original Message-----\r\nFrom: Sam <sam@ledgerline.io>\r\nSent: Monday, March 2, 2026 10:00 AM\r\nSubject: your offer\r\n\r\nMost of our customers have 2,000 employees and budgets of $300k.\r\n";
    const { doc, x } = await read(reply, "message/rfc822");
    expect(doc.referenceDay).toBe("2026-03-09");
    expect(x.contact_email.value).toBe("kim@lee.example");
    expect([x.employees.value, x.budget.value]).toEqual([35, null]);
  });

  it("reads chat transcripts whose agent is named after the brand or only by greeting", async () => {
    const branded =
      "[2026-03-02 09:00] Maria (Ledgerline): Hello! How can I help?\n[2026-03-02 09:01] Tom Baker: Hi, Tom from Baker Foods LLC here.\n[2026-03-02 09:02] Maria (Ledgerline): We usually onboard in 4 weeks with budgets from $10k.\n[2026-03-02 09:03] Tom Baker: We're 60 people, budget is about 30k USD,\nand we need it within 5 weeks.\n[2026-03-02 09:04] Tom Baker: tom@bakerfoods.example\n";
    const b = await read(branded, "text/plain");
    expect([b.x.company.value, b.x.employees.value, b.x.timeline_weeks.value, b.x.contact_email.value]).toEqual([
      "Baker Foods LLC",
      60,
      5,
      "tom@bakerfoods.example",
    ]);
    expect(b.x.budget.value).toEqual({ amount_minor: 3_000_000, currency: "USD" });
    const plain =
      "[2026-03-02 09:00:00] Alex: Hi there, how can I help you today?\n[2026-03-02 09:01:00] Kim: We'd like a quote, we are 30 people.\n[2026-03-02 09:02:00] Alex: Most teams go live in 6 weeks.\n";
    const p = await read(plain, "text/plain");
    expect(p.doc.text).not.toContain("6 weeks");
    expect([p.x.employees.value, p.x.timeline_weeks.value]).toEqual([30, null]);
  });

  it("reads HubSpot picklist values for headcount, budget and timeline", async () => {
    const hs = {
      submittedAt: 1772445600000,
      fields: [
        { name: "email", value: "a@b.example" },
        { name: "company", value: "B Co" },
        { name: "numemployees", value: "1000+" },
        { name: "budget", value: "$50,000 - $100,000" },
        { name: "timeline", value: "Within 3 months" },
        { name: "message", value: "Need a quote" },
      ],
    };
    const { doc, x } = await read(JSON.stringify(hs), "application/json");
    expect(doc.referenceDay).toBe("2026-03-02");
    expect([x.employees.value, x.timeline_weeks.value]).toEqual([1000, 13]);
    expect(x.budget.value).toEqual({ amount_minor: 7_500_000, currency: "USD" });
  });
});

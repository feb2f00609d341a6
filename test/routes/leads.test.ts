import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, waitFor } from "../helpers";
import { standardHeaders } from "../fixtures/webhooks/sign";
import { fixtures, pdfBytes } from "../fixtures/leads-service";

type Lead = Record<string, unknown> & {
  id: string;
  source: string;
  stage: string;
  score: number;
  qualified: boolean;
  contact_email: string | null;
  fields: Record<string, { value: unknown; evidence: string | null; confidence: number }>;
};

const ISSUE_KEYS = [
  "id",
  "source",
  "company",
  "contact_email",
  "contact_name",
  "employees",
  "budget",
  "timeline_weeks",
  "intent",
  "injection_attempt",
  "score",
  "score_breakdown",
  "qualified",
  "stage",
  "fields",
];

let writer: Record<string, string> | undefined;
async function writeKey(): Promise<Record<string, string>> {
  writer ??= await apiKey("leads:write", "leads:read");
  return writer;
}

async function post(body: BodyInit, contentType: string | null, headers: Record<string, string> = {}): Promise<Response> {
  const h: Record<string, string> = { ...(await writeKey()), ...headers };
  if (contentType) h["content-type"] = contentType;
  return call("/api/leads", { method: "POST", headers: h, body });
}

async function created(res: Response, status = 201): Promise<Lead> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { lead: Lead };
  expect(Object.keys(body)).toEqual(["lead"]);
  return body.lead;
}

async function leadCount(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM leads").first<{ n: number }>())?.n ?? 0;
}

/** Makes a fixture unique (new Message-ID / content) so tests in this file do not dedupe each other. */
function uniqueEmail(raw: string, tag: string): string {
  return raw.replace(/^Message-ID: <([^>]+)>/m, `Message-ID: <${tag}.$1>`);
}

describe("POST /api/leads by content type", () => {
  it("turns a raw email into a lead with every field carrying value, evidence and confidence", async () => {
    const lead = await created(await post(fixtures.email, "message/rfc822"));
    for (const key of ISSUE_KEYS) expect(lead).toHaveProperty(key);
    expect(lead.id).toMatch(/^lead_/);
    expect(lead.source).toBe("email");
    expect(lead.contact_email).toBe("lukas.lind@pinecrestdentalgroup.com");
    for (const name of ["company", "contact_email", "contact_name", "employees", "budget", "timeline_weeks", "intent"]) {
      const f = lead.fields[name];
      expect(f, name).toBeDefined();
      expect(f.confidence).toBeGreaterThanOrEqual(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
      if (f.value !== null) expect(typeof f.evidence).toBe("string");
    }
    expect(lead.fields.contact_email.evidence).toContain("lukas.lind@pinecrestdentalgroup.com");
    const row = await env.DB.prepare("SELECT source, stage, external_id FROM leads WHERE id = ?").bind(lead.id).first();
    expect(row).toEqual({ source: "email", stage: lead.stage, external_id: "email:<dev-0047.73022750@pinecrestdentalgroup.com>" });
  });

  it("reads a standalone RFP PDF", async () => {
    const lead = await created(await post(pdfBytes(), "application/pdf"));
    expect(lead.source).toBe("pdf");
    expect(lead.score).toBeGreaterThan(0);
  });

  it("reads an email whose RFP comes as a PDF attachment", async () => {
    const lead = await created(await post(fixtures.emailWithPdf, "message/rfc822"));
    expect(lead.source).toBe("email");
    expect(lead.contact_email).toBe("mei.bello@junologistics.de");
  });

  it("reads chat transcripts as text/plain and as JSON", async () => {
    const text = await created(await post(fixtures.chatText, "text/plain; charset=utf-8"));
    expect(text.source).toBe("chat");
    expect(text.contact_email).toBe("sven.becker@ospreylogistics.io");
    const json = await created(await post(fixtures.chatJson, "application/json"));
    expect(json.source).toBe("chat");
  });

  it("reads HubSpot form submissions and Salesforce Lead records posted as JSON", async () => {
    const hub = await created(await post(fixtures.hubspotForm, "application/json"));
    expect(hub.source).toBe("crm_hubspot");
    expect(hub.contact_email).toBe("carlos.park@quarrydentalgroup.net");
    const sf = await created(await post(fixtures.salesforceLead, "application/json"));
    expect(sf.source).toBe("crm_salesforce");
    expect(sf.contact_email).toBe("hannah.haddad@pinecrestoutfitters.com");
    const row = await env.DB.prepare("SELECT external_id FROM leads WHERE id = ?").bind(sf.id).first<{ external_id: string }>();
    expect(row?.external_id).toBe("salesforce:00Q000955112298");
  });

  it("unwraps a multipart/form-data upload's file part with its own type", async () => {
    const form = new FormData();
    form.append("file", new File([uniqueEmail(fixtures.infoEmail, "multipart")], "lead.eml", { type: "message/rfc822" }));
    const lead = await created(await post(form, null));
    expect(lead.source).toBe("email");
    const curlStyle = new FormData(); // curl -F file=@lead.eml sends application/octet-stream
    curlStyle.append(
      "file",
      new File([uniqueEmail(fixtures.infoEmail, "multipart-curl")], "lead.eml", { type: "application/octet-stream" }),
    );
    expect((await created(await post(curlStyle, null))).source).toBe("email");
    const pdf = new FormData();
    pdf.append("file", new File([pdfBytes().slice()], "rfp.pdf")); // no type: inferred from the name
    const fromPdf = await post(pdf, null);
    expect([200, 201]).toContain(fromPdf.status); // the same PDF may already be stored by another test
    expect((await created(fromPdf, fromPdf.status)).source).toBe("pdf");
  });
});

describe("duplicates", () => {
  it("answers the same email twice with 200 and the existing lead, writing nothing new", async () => {
    const raw = uniqueEmail(fixtures.spamEmail, "dup1");
    const first = await created(await post(raw, "message/rfc822"));
    const before = await leadCount();
    const again = await created(await post(raw, "message/rfc822"), 200);
    expect(again.id).toBe(first.id);
    expect(await leadCount()).toBe(before);
  });

  it("treats the same Message-ID with different bytes as the same email", async () => {
    const raw = uniqueEmail(fixtures.spamEmail, "dup2");
    const first = await created(await post(raw, "message/rfc822"));
    const resent = await created(await post(`X-Resent: yes\r\n${raw}`, "message/rfc822"), 200);
    expect(resent.id).toBe(first.id);
  });

  it("keeps one lead when identical copies arrive concurrently", async () => {
    const raw = uniqueEmail(fixtures.spamEmail, "dup3");
    const answers = await Promise.all([1, 2, 3].map(() => post(raw, "message/rfc822")));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { lead: Lead }).lead.id));
    expect(new Set(ids).size).toBe(1);
    const n = await env.DB.prepare("SELECT count(*) AS n FROM leads WHERE external_id = ?")
      .bind("email:<dup3.dev-0010.56072202@promo-mailer.top>")
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it("dedupes a file uploaded as multipart against the same bytes posted directly", async () => {
    const raw = `${fixtures.chatText}\n[2026-09-24 16:15:00] Sven B.: thanks (dup4)`;
    const direct = await created(await post(raw, "text/plain"));
    const form = new FormData();
    form.append("file", new File([raw], "chat.txt", { type: "text/plain" }));
    const viaForm = await created(await post(form, null), 200);
    expect(viaForm.id).toBe(direct.id);
  });
});

describe("routing", () => {
  it("hands a qualified lead to its Durable Object with stage qualified", async () => {
    const lead = await created(await post(uniqueEmail(fixtures.email, "route1"), "message/rfc822"));
    expect(lead.qualified).toBe(true);
    expect(lead.stage).toBe("qualified");
    // A 201 means the DO has it: the hand-off is awaited and the row records it.
    expect(await env.DB.prepare("SELECT routing_status FROM leads WHERE id = ?").bind(lead.id).first("routing_status")).toBe("routed");
    const stored = await runInDurableObject(env.LEAD_NEGOTIATION.getByName(lead.id), (_i, state) =>
      state.storage.sql.exec<{ stage: string; lead_json: string }>("SELECT stage, lead_json FROM lead").toArray(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].stage).toBe("qualified");
    expect(JSON.parse(stored[0].lead_json)).toMatchObject({ id: lead.id, qualified: true, stage: "qualified" });
  });

  it("keeps spam and weak leads in D1 with the reason and does not open a Durable Object", async () => {
    const spam = await created(await post(uniqueEmail(fixtures.spamEmail, "route2"), "message/rfc822"));
    expect(spam.qualified).toBe(false);
    expect(spam.stage).toBe("disqualified");
    expect(spam.stage_reason).toEqual(expect.any(String));
    const info = await created(await post(uniqueEmail(fixtures.infoEmail, "route2"), "message/rfc822"));
    expect(info.stage).toBe("nurture");
    expect(info.stage_reason).toEqual(expect.any(String));
    expect(await env.DB.prepare("SELECT routing_status FROM leads WHERE id = ?").bind(spam.id).first("routing_status")).toBe("none");
    const opened = await runInDurableObject(env.LEAD_NEGOTIATION.getByName(spam.id), (_i, state) =>
      state.storage.sql.exec("SELECT 1 FROM lead").toArray(),
    );
    expect(opened).toHaveLength(0);
  });

  it("reports the ingestion and routing decision times in a Server-Timing header", async () => {
    const res = await post(uniqueEmail(fixtures.infoEmail, "route3"), "message/rfc822");
    expect(res.status).toBe(201);
    const timing = res.headers.get("server-timing") ?? "";
    expect(timing).toMatch(/^ingest;dur=[\d.]+, route;dur=[\d.]+$/);
  });
});

describe("GET /api/leads", () => {
  it("returns one lead by id and 404 for an unknown id", async () => {
    const lead = await created(await post(uniqueEmail(fixtures.infoEmail, "get1"), "message/rfc822"));
    const res = await call(`/api/leads/${lead.id}`, { headers: await apiKey("leads:read") });
    expect(res.status).toBe(200);
    // loop18: the single-lead read carries the deal's cash state beside the record.
    const { cash, ...record } = ((await res.json()) as { lead: Lead & { cash: { status: string; invoice_count: number } } }).lead;
    expect(record).toEqual(lead);
    expect(cash).toMatchObject({ status: "not_invoiced", invoice_count: 0 });
    await expectProblem(await call("/api/leads/lead_nope", { headers: await apiKey("leads:read") }), 404);
  });

  it("pages through every lead once, newest first, with an opaque cursor", async () => {
    for (let i = 0; i < 5; i++) await created(await post(uniqueEmail(fixtures.infoEmail, `page${i}`), "message/rfc822"));
    const total = await leadCount();
    const headers = await apiKey("leads:read");
    const seen: Lead[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/leads?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = (await (await call(url, { headers })).json()) as { leads: Lead[]; next_cursor: string | null };
      expect(page.leads.length).toBeLessThanOrEqual(2);
      seen.push(...page.leads);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((l) => l.id)).size).toBe(total);
    const keys = seen.map((l) => `${String(l.received_at)}|${l.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it("filters by stage and minimum score", async () => {
    await created(await post(uniqueEmail(fixtures.email, "filter1"), "message/rfc822"));
    await created(await post(uniqueEmail(fixtures.spamEmail, "filter1"), "message/rfc822"));
    const headers = await apiKey("leads:read");
    const qualified = (await (await call("/api/leads?stage=qualified&limit=100", { headers })).json()) as { leads: Lead[] };
    expect(qualified.leads.length).toBeGreaterThan(0);
    expect(qualified.leads.every((l) => l.stage === "qualified")).toBe(true);
    const strong = (await (await call("/api/leads?min_score=5&limit=100", { headers })).json()) as { leads: Lead[] };
    expect(strong.leads.length).toBeGreaterThan(0);
    expect(strong.leads.every((l) => l.score >= 5)).toBe(true);
    const all = (await (await call("/api/leads?limit=100", { headers })).json()) as { leads: Lead[] };
    expect(strong.leads.length).toBeLessThan(all.leads.length);
  });

  it("refuses a cursor it did not issue and a limit out of range with 422", async () => {
    const headers = await apiKey("leads:read");
    await expectProblem(await call("/api/leads?cursor=not-a-cursor", { headers }), 422);
    await expectProblem(await call("/api/leads?limit=1000", { headers }), 422);
  });
});

describe("scopes", () => {
  it("answers 401 without a key and 403 with a key lacking the scope", async () => {
    await expectProblem(
      await call("/api/leads", { method: "POST", headers: { "content-type": "text/plain" }, body: fixtures.chatText }),
      401,
    );
    await expectProblem(
      await call("/api/leads", {
        method: "POST",
        headers: { ...(await apiKey("leads:read")), "content-type": "text/plain" },
        body: fixtures.chatText,
      }),
      403,
    );
    await expectProblem(await call("/api/leads", { headers: await apiKey("leads:write") }), 403);
    await expectProblem(await call("/api/leads/lead_x"), 401);
  });
});

describe("bad input: a clear 4xx or a lead with null fields, never a 500, never a half-written row", () => {
  async function refused(res: Promise<Response>, status: number): Promise<void> {
    const before = await leadCount();
    await expectProblem(await res, status);
    expect(await leadCount()).toBe(before);
  }

  it("refuses an empty body with 400", async () => {
    await refused(post("", "message/rfc822"), 400);
    await refused(post(new Uint8Array(0), "application/pdf"), 400);
  });

  it("refuses content types it does not ingest with 415, also as a multipart file part", async () => {
    await refused(post(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), "image/png"), 415);
    const form = new FormData();
    form.append("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "logo.png", { type: "image/png" }));
    await refused(post(form, null), 415);
  });

  it("sniffs an untyped body and refuses binary it cannot read with 422", async () => {
    await refused(post(new Uint8Array([0, 1, 2, 3, 0, 0, 7]), null), 422);
    const form = new FormData();
    form.append("file", new File([new Uint8Array([0, 1, 2, 3, 0, 0, 7])], "blob.bin", { type: "application/octet-stream" }));
    await refused(post(form, null), 422);
  });

  it("refuses a multipart body without a file part with 422", async () => {
    const form = new FormData();
    form.append("note", "no file here");
    await refused(post(form, null), 422);
  });

  it("refuses bytes that are not a PDF, and malformed JSON", async () => {
    await refused(post("just some text, not a pdf", "application/pdf"), 422);
    await refused(post("{not json", "application/json"), 400);
  });

  it("answers a corrupt PDF with a 4xx or a lead of null, low-confidence fields", async () => {
    const before = await leadCount();
    const corrupt = `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n${"garbage ".repeat(50)}\n%%EOF`;
    const res = await post(corrupt, "application/pdf");
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      await expectProblem(res, res.status);
      expect(await leadCount()).toBe(before);
    } else {
      const lead = await created(res, res.status);
      expect(lead.employees).toBeNull();
      expect(lead.budget).toBeNull();
      expect(lead.fields.employees.confidence).toBeLessThan(0.5);
    }
  });

  it("refuses a password-protected PDF with 422 and says why", async () => {
    // A one-page PDF whose Standard security handler's /U entry matches no empty user password.
    const hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const objs = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
      "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (Budget 90k) Tj ET\nendstream",
      `<< /Filter /Standard /V 1 /R 2 /O <${hex}> /U <${hex}> /P -4 >>`,
    ];
    let pdf = "%PDF-1.4\n";
    const offsets: number[] = [];
    objs.forEach((o, i) => {
      offsets.push(pdf.length);
      pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
    pdf += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${hex.slice(0, 32)}> <${hex.slice(0, 32)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
    const before = await leadCount();
    const problem = await expectProblem(await post(pdf, "application/pdf"), 422);
    expect(String(problem.detail)).toMatch(/encrypt|password/i);
    expect(await leadCount()).toBe(before);
  });

  it("refuses a body over MAX_UPLOAD_BYTES with 413, also inside multipart", async () => {
    const big = new Uint8Array(10_485_760 + 1).fill(0x41);
    await refused(post(big, "message/rfc822"), 413);
    const form = new FormData();
    form.append("file", new File([big], "huge.pdf", { type: "application/pdf" }));
    await refused(post(form, null), 413);
  });

  it("reads non-UTF-8 mail (ISO-8859-1 bytes, 8bit) instead of failing", async () => {
    const head =
      "From: Zoë Müller <zoe@baeckerei-mueller.example>\r\nTo: leads@example.com\r\nSubject: Anfrage für Angebot\r\nDate: Mon, 05 Oct 2026 10:00:00 +0200\r\nMessage-ID: <latin1-1@example.test>\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    const body = "Grüße aus München! We are 120 employees at Bäckerei Müller and would like a quote.\r\n";
    const bytes = Uint8Array.from([...head, ...body], (ch) => ch.charCodeAt(0) & 0xff); // one byte per char: Latin-1
    const lead = await created(await post(bytes, "message/rfc822"));
    expect(lead.source).toBe("email");
    expect(lead.contact_email).toBe("zoe@baeckerei-mueller.example");
    expect(lead.employees).toBe(120);
  });

  it("answers a message with nothing extractable with a lead of null, low-confidence fields or a 4xx", async () => {
    const res = await post("[2026-10-01 10:00:00] Visitor: hi\n", "text/plain");
    expect(res.status).toBeLessThan(500);
    if (res.status === 201) {
      const lead = await created(res);
      for (const name of ["company", "employees", "budget", "timeline_weeks"]) {
        expect(lead.fields[name].value, name).toBeNull();
        expect(lead.fields[name].confidence, name).toBeLessThan(0.5);
      }
      expect(lead.qualified).toBe(false);
    } else {
      await expectProblem(res, res.status);
    }
  });
});

describe("OpenAPI", () => {
  it("documents the lead endpoints and the accepted content types", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/leads", "/api/leads/{id}"]));
    expect(Object.keys(doc.paths["/api/leads"].post.requestBody?.content ?? {}).sort()).toEqual([
      "application/json",
      "application/pdf",
      "message/rfc822",
      "multipart/form-data",
      "text/plain",
    ]);
    expect(doc.paths["/api/leads"].get).toBeDefined();
  });
});

describe("contact fields are header-safe (issue 17 finding 4, ingestion side)", () => {
  const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

  async function stored(id: string) {
    return env.DB.prepare("SELECT company, contact_email, contact_name, fields_json FROM leads WHERE id = ?")
      .bind(id)
      .first<{ company: string | null; contact_email: string | null; contact_name: string | null; fields_json: string }>();
  }

  it("stores a CRM record's address with an extra header as null, saying why, and its company on one line", async () => {
    const record = JSON.parse(fixtures.salesforceLead) as Record<string, unknown>;
    const id = `00Q${Date.now()}CRLF`;
    const body = JSON.stringify({
      ...record,
      Id: id,
      Email: "buyer@x.com\r\nBcc: victim@evil.example",
      Company: "Pinecrest Outfitters LLC\r\nBcc: victim@evil.example",
      FirstName: "Hannah\u0007\n",
    });
    const lead = await created(await post(body, "application/json"));
    expect(lead.contact_email).toBeNull();
    expect(lead.fields.contact_email).toMatchObject({ value: null, confidence: 0 });
    expect(String(lead.fields.contact_email.evidence)).toMatch(/not a valid e-mail address/);
    expect(String(lead.fields.contact_email.evidence)).not.toMatch(CONTROL);
    expect(lead.company).toBe("Pinecrest Outfitters LLC Bcc: victim@evil.example");
    const row = await stored(lead.id);
    expect(row?.contact_email).toBeNull();
    for (const value of [row?.company, row?.contact_name]) expect(String(value ?? "")).not.toMatch(CONTROL);
  });

  it("does the same for a lead that arrives as a signed CRM webhook event", async () => {
    const leadId = `crlf-${Date.now()}`;
    const payload = {
      type: "lead.created",
      timestamp: "2026-11-25T10:00:00Z",
      data: { id: leadId, email: "buyer@x.com\r\nBcc: victim@evil.example", company: "Initech\r\nBcc: victim@evil.example" },
    };
    const body = JSON.stringify(payload);
    const res = await call("/webhooks/generic", {
      method: "POST",
      headers: await standardHeaders([env.STANDARD_WEBHOOK_SECRET], `msg_${leadId}`, body),
      body,
    });
    expect(res.status).toBe(200);
    // The gateway queue's consumer ingests the event: wait for its lead.
    const lead = await waitFor(
      () => env.DB.prepare("SELECT id FROM leads WHERE external_id = ?").bind(`generic:${leadId}`).first<{ id: string }>(),
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    const row = await stored(lead.id);
    expect(row?.contact_email).toBeNull();
    expect(row?.company).toBe("Initech Bcc: victim@evil.example");
    const fields = JSON.parse(row?.fields_json ?? "{}") as Record<string, { value: unknown; evidence: string | null }>;
    expect(fields.contact_email.value).toBeNull();
    expect(String(fields.contact_email.evidence)).toMatch(/not a valid e-mail address/);
  });

  it("keeps a valid address as it was", async () => {
    const record = JSON.parse(fixtures.salesforceLead) as Record<string, unknown>;
    const lead = await created(await post(JSON.stringify({ ...record, Id: `00Q${Date.now()}OK` }), "application/json"));
    expect(lead.contact_email).toBe("hannah.haddad@pinecrestoutfitters.com");
  });
});

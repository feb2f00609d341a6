import { describe, expect, it } from "vitest";
import { extract } from "./support";

// Phrasings written for these tests (not the dev set's): each field must follow general rules.
describe("employees", () => {
  it.each([
    ["We have 483 employees across our offices.", 483],
    ["Company size: 50-100 employees.", 75],
    ["We're a team of ~3,200.", 3200],
    ["Headcount: 347", 347],
    ["We're a mid-size company (about 200 staff).", 200],
    ["Our workforce of 1.2k people is growing.", 1200],
    ["We are roughly two hundred and fifty people.", 250],
    ["Around twelve thousand employees worldwide.", 12000],
    ["We employ 85 FTEs in three countries.", 85],
    ["A 40-person finance shop.", 40],
    ["Between 500 and 700 employees.", 600],
    ["Staff count is 1,050.", 1050],
    ["We're 20 to 40 people.", 30],
    ["Company size: 25-50 employees.", 38],
    ["Company size: 10-15 employees.", 12],
    ["Number of employees: 12.5k", 12500],
  ])("reads %j as %d", (text, want) => {
    const x = extract(`Hi, I'm Pat from Acme Ltd. ${text} We would like a quote.`);
    expect(x.employees.value).toBe(want);
    expect(x.employees.evidence && `Hi, I'm Pat from Acme Ltd. ${text} We would like a quote.`.includes(x.employees.evidence)).toBe(true);
  });

  it("ignores numbers that are not headcount", () => {
    const x = extract("We would like a quote. We serve 12,000 customers from 14 offices and were founded in 1998.");
    expect(x.employees.value).toBeNull();
  });
});

describe("budget", () => {
  const cases: Array<[string, number, string]> = [
    ["Our budget is $20k.", 2_000_000, "USD"],
    ["Total budget is around 1.5M.", 150_000_000, "USD"],
    ["We're thinking between $100k and $200k.", 15_000_000, "USD"],
    ["Approved budget: £49,000", 4_900_000, "GBP"],
    ["Budget: €169,000", 16_900_000, "EUR"],
    ["We can invest 308,000 dollars in year one.", 30_800_000, "USD"],
    ["We have USD 60,000 earmarked for this project.", 6_000_000, "USD"],
    ["We can spend up to 75k EUR.", 7_500_000, "EUR"],
    ["Budget is $4,000 per month.", 4_800_000, "USD"],
    ["We have set aside 25-50k for the tool.", 3_750_000, "USD"],
    ["Our budget sits at about GBP 1.2 million.", 120_000_000, "GBP"],
    ["We could do €5k a month.", 6_000_000, "EUR"],
    ["The project has a budget of one hundred thousand euros.", 10_000_000, "EUR"],
    ["Budget range: $40,000 - $60,000.", 5_000_000, "USD"],
    ["We'd allocate roughly 90.000 € to this.", 9_000_000, "EUR"],
  ];
  it.each(cases)("reads %j", (text, minor, currency) => {
    const x = extract(`We are ready to buy. ${text}`);
    expect(x.budget.value).toEqual({ amount_minor: minor, currency });
  });

  it.each(["Budget not yet defined.", "Budget: TBD", "We have no budget allocated yet.", "Pricing to be proposed by vendor."])(
    "treats %j as no budget",
    (text) => {
      expect(extract(`We are ready to buy. ${text}`).budget.value).toBeNull();
    },
  );

  it("ignores revenue, prizes and our own quoted prices", () => {
    const x = extract(
      "We'd like a quote. Our annual revenue is $53M.\n\nThanks,\nKim\n\nOn Mon, Mar 2, 2026 at 10:00, Sam <sam@ledgerline.io> wrote:\n> Our Growth plan starts at $36,000 per year.",
    );
    expect(x.budget.value).toBeNull();
  });
});

describe("timeline_weeks (reference day 2026-03-02)", () => {
  it.each([
    ["We need this live within 14 weeks.", 14],
    ["Go-live in 11 weeks would be ideal.", 11],
    ["Timeline: ASAP.", 1],
    ["This is urgent - we need it as soon as possible.", 1],
    ["We'd like to be up and running in six months.", 26],
    ["We'd like to be up and running in one month.", 4],
    ["We want to go live in two months.", 9],
    ["Target go-live is by end of Q2.", 17],
    ["Target go-live is by end of Q3.", 30],
    ["We want to go live by May 22.", 12],
    ["Launch planned for 15 April.", 6],
    ["We must be operational by January 10.", 45],
    ["Roll-out within 30 days.", 4],
    ["We plan to implement by the end of June.", 17],
    ["Go-live target: 2026-06-30.", 17],
    ["We need it live in 6-8 weeks.", 7],
    ["Implementation should start next month.", 4],
  ])("reads %j as %d weeks", (text, weeks) => {
    const x = extract(`We're evaluating vendors and would like a quote. ${text}`);
    expect(x.timeline_weeks.value).toBe(weeks);
  });

  it.each([
    "No fixed timeline yet.",
    "Implementation is planned for next fiscal year.",
    "Implementation schedule to be agreed.",
    "Timeline is flexible.",
  ])("treats %j as no timeline", (text) => {
    expect(extract(`We're evaluating vendors and would like a quote. ${text}`).timeline_weeks.value).toBeNull();
  });

  it("never takes RFP bid or question deadlines as the timeline", () => {
    const x = extract(
      "Request for Proposal\nProposals are due March 17, 2026.\nQuestions must be submitted by March 9.\nGo-live in 9 weeks would be ideal.",
      { format: "pdf" },
    );
    expect(x.timeline_weeks.value).toBe(9);
    const only = extract("Request for Proposal\nProposals are due March 17, 2026.", { format: "pdf" });
    expect(only.timeline_weeks.value).toBeNull();
  });

  it("does not read 'right now' in a headcount as urgency", () => {
    expect(extract("We would like a quote. We're 75 people right now.").timeline_weeks.value).toBeNull();
  });

  it("rolls a month-day that already passed to next year", () => {
    expect(extract("We want to go live by February 20.", { day: "2026-03-02" }).timeline_weeks.value).toBe(51);
  });
});

describe("company", () => {
  it.each([
    ["I'm Sven, I lead finance operations at Osprey Logistics Corp.. We need a quote.", "Osprey Logistics Corp."],
    ["Company is Pinecrest Dental Group Inc., by the way.", "Pinecrest Dental Group Inc."],
    ["I work for Nordlicht Energie GmbH and we want pricing.", "Nordlicht Energie GmbH"],
    ["Request for Proposal - Bluebird Foods GmbH\nIssue date: February 18, 2026", "Bluebird Foods GmbH"],
    ["Company: Harbor & Stone Ltd", "Harbor & Stone Ltd"],
  ])("finds the company in %j", (text, want) => {
    expect(extract(text).company.value).toBe(want);
  });

  it("prefers the CRM field and ignores placeholders", () => {
    expect(extract("hello", { structured: { company: "Acme Corp" } }).company.value).toBe("Acme Corp");
    expect(extract("hello", { structured: { company: "[not provided]" } }).company.value).toBeNull();
  });

  it("falls back to the signature's company line", () => {
    const x = extract(
      "Dear team,\n\nI can't log in to the dashboard.\n\nBest regards,\nCarlos Wright\nVP Operations\nOsprey Outfitters\nTel: +1 (415) 555-0101",
      {
        sender: { email: "carlos@osprey.example", name: "Carlos Wright" },
      },
    );
    expect(x.company.value).toBe("Osprey Outfitters");
  });

  it("prefers a signature company with a legal form over a bare word such as a place", () => {
    const x = extract(
      "Hello, we're a team from Germany and would like a quote.\n\nBest regards,\nKlara Weiss\nHead of Finance\nNordlicht Energie GmbH\nTel: +49 30 123456",
      { sender: { email: "kw@nordlicht.example", name: "Klara Weiss" } },
    );
    expect(x.company.value).toBe("Nordlicht Energie GmbH");
  });

  it("never names our own company", () => {
    expect(extract("I'd like a quote from Ledgerline for our team.").company.value).toBeNull();
  });
});

describe("contact_email", () => {
  it("takes the sender unless it is one of our own addresses", () => {
    expect(extract("hi", { sender: { email: "Jo@Client.example", name: null } }).contact_email.value).toBe("jo@client.example");
    const x = extract("FYI from the prospect: reach them at dana@buyer.example", { sender: { email: "sam@ledgerline.io", name: "Sam" } });
    expect(x.contact_email.value).toBe("dana@buyer.example");
  });
  it("is null rather than our own domain", () => {
    expect(extract("write to sales@ledgerline.io", { sender: { email: null, name: null } }).contact_email.value).toBeNull();
  });
});

describe("intent", () => {
  it.each([
    ["We are ready to purchase a reconciliation tool and you're on our shortlist.", "purchase"],
    ["I'd like pricing for your invoicing automation - we plan to buy this year.", "purchase"],
    ["Please send us a formal quote for 40 seats.", "purchase"],
    ["Just researching options for now - do you have a brochure?", "info_request"],
    ["Could you send me some general information about your product?", "info_request"],
    ["I can't log in to the dashboard anymore, password reset doesn't arrive.", "support"],
    ["Our invoice sync stopped working since yesterday, can you open a ticket?", "support"],
    ["Congratulations, you have been selected to receive a $1,000 gift card. Click the link to claim.", "spam"],
    ["Boost your SEO ranking by 300%! Reply now for a free audit.", "spam"],
  ])("classifies %j as %s", (text, intent) => {
    expect(extract(text).intent.value).toBe(intent);
  });

  it("gives support and spam no size, budget or timeline", () => {
    const x = extract("Our export is broken and we can't log in. We are 300 people, budget $50k, need it fixed ASAP.");
    expect(x.intent.value).toBe("support");
    expect([x.employees.value, x.budget.value, x.timeline_weeks.value]).toEqual([null, null, null]);
  });
});

describe("cleaning before extraction", () => {
  it("ignores numbers in quoted replies, signatures and disclaimers", () => {
    const text = [
      "Hello,",
      "",
      "We're evaluating vendors and would like a quote.",
      "",
      "Cheers,",
      "Kim Lee",
      "Head of Finance",
      "Acme Ltd",
      "Tel: +1 (415) 555-7740",
      "1200 Market St, Suite 147, San Francisco, CA 94103",
      "Founded 1992",
      "",
      "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential.",
      "",
      "On Sun, Aug 23, 2026 at 10:59, Sam Rivera <sam.rivera@ledgerline.io> wrote:",
      "> Our last provider served 12,000 users at $8 per seat; we have 900 employees.",
      "> Budget: $140,000. Go-live in 6 weeks.",
    ].join("\n");
    const x = extract(text);
    expect(x.employees.value).toBeNull();
    expect(x.budget.value).toBeNull();
    expect(x.timeline_weeks.value).toBeNull();
    expect(x.company.value).toBe("Acme Ltd");
  });
});

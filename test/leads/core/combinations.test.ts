import { describe, expect, it } from "vitest";
import { extract } from "./support";

// Sentences combined into whole messages (on one line as CRM forms do, or one per line as mail does),
// so each rule is checked next to the others. Reference day 2026-03-02.
const CO = "Wren Analytics Ltd";
const intros = [
  `I'm Ada, I head up accounts payable at ${CO}.`,
  `This is Ada from ${CO}.`,
  `Ada here, Controller at ${CO}.`,
  `My name is Ada and I work for ${CO}.`,
  `Writing on behalf of ${CO}.`,
  `Company: ${CO}`,
];
const intents: Array<[string, string]> = [
  ["We'd like a formal quote for your reconciliation module.", "purchase"],
  ["We are looking to buy an AR automation platform this quarter.", "purchase"],
  ["We're comparing providers and you are on our shortlist.", "purchase"],
  ["Could you share some more information about your platform?", "info_request"],
  ["Just exploring the market at this stage - any material would help.", "info_request"],
];
const emps: Array<[string, number]> = [
  ["We employ roughly 640 people.", 640],
  ["Team size: 85", 85],
  ["We're a 1.5k-strong organisation.", 1500],
  ["Our company has between 200 and 300 employees.", 250],
  ["Headcount is about twelve hundred.", 1200],
];
const buds: Array<[string, number, string]> = [
  ["We've earmarked €95,000 for this.", 9_500_000, "EUR"],
  ["Budget is roughly £40-60k.", 5_000_000, "GBP"],
  ["We can spend up to USD 250k.", 25_000_000, "USD"],
  ["Our monthly budget is $2,500.", 3_000_000, "USD"],
  ["The approved spend is 1.2M dollars.", 120_000_000, "USD"],
];
const tls: Array<[string, number | null]> = [
  ["We hope to be live within 10 weeks.", 10],
  ["Target go-live: end of Q4.", 43],
  ["We must be operational by 15 July.", 19],
  ["We'd like to launch in three months.", 13],
  ["Timeline is still open.", null],
  ["We need it urgently.", 1],
];

const docs: Array<[string, { intent: string; emp: number; minor: number; cur: string; tl: number | null }]> = [];
for (const [i, intro] of intros.entries()) {
  for (const [j, [sentence, intent]] of intents.entries()) {
    const [e, emp] = emps[(i + j) % emps.length];
    const [b, minor, cur] = buds[(i * 2 + j) % buds.length];
    const [t, tl] = tls[(i + j * 3) % tls.length];
    for (const sep of [" ", "\n"]) docs.push([[intro, sentence, e, b, t].join(sep), { intent, emp, minor, cur, tl }]);
  }
}

describe("sentences combined into messages", () => {
  it.each(docs)("%s", (text, want) => {
    const x = extract(`Hello,\n\n${text}\n\nBest regards,\nAda Lovelace\nController\n${CO}\nTel: +44 20 7946 0000`);
    expect(x.company.value?.replace(/\.$/, "")).toBe(CO);
    expect(x.intent.value).toBe(want.intent);
    expect(x.employees.value).toBe(want.emp);
    expect(x.budget.value).toEqual({ amount_minor: want.minor, currency: want.cur });
    expect(x.timeline_weeks.value).toBe(want.tl);
  });
});

/**
 * Phrasing variants of inbound leads, for property-style tests and as an "unseen generated" eval set.
 * Seeded (mulberry32): the same seed gives the same cases. Each case is an RFC 822 mail with labels
 * computed by the rules of ../shared/data/README.md. The phrasings deliberately differ from the public
 * generator's: number words, "18k", ranges, European formats, approximations, relative dates, quarters,
 * French/German/Spanish cues, and distractors (unit prices, fees, populations, revenue, clause numbers).
 */
import { mulberry32 } from "../../test/fixtures/prng";
export type VariantCase = {
  case_id: string;
  raw: string;
  message_date: string;
  company: string;
  contact_email: string;
  employees: number | null;
  budget_usd: number | null;
  timeline_weeks: number | null;
  intent: "purchase" | "info_request";
  injection_attempt: boolean;
};

export const RATE: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27 };
export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const ONES = [
  "",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
/** 0 < n < 1e6 in English words, British "and": 325000 → "three hundred and twenty-five thousand". */
export function toWords(n: number): string {
  const under1000 = (x: number): string => {
    const h = Math.floor(x / 100);
    const r = x % 100;
    const tail = r < 20 ? ONES[r] : `${TENS[Math.floor(r / 10)]}${r % 10 ? `-${ONES[r % 10]}` : ""}`;
    return [h ? `${ONES[h]} hundred` : "", h && r ? "and" : "", tail].filter(Boolean).join(" ");
  };
  const th = Math.floor(n / 1000);
  const rest = n % 1000;
  return [th ? `${under1000(th)} thousand` : "", rest ? under1000(rest) : ""].filter(Boolean).join(" ");
}

const FIRST = ["Maya", "Jonas", "Aiko", "Pedro", "Lina", "Omar", "Greta", "Tariq", "Sofia", "Niall", "Ines", "Viktor"];
const LAST = ["Lindqvist", "Moreau", "Tanaka", "Alves", "Novak", "Haddad", "Brandt", "Rahman", "Costa", "Byrne", "Roux", "Petrov"];
const STEM = ["Harbor", "Granite", "Velvet", "Copper", "Summit", "Meadow", "Falcon", "Cobalt", "Juniper", "Aurora", "Beacon", "Cedar"];
const NOUN = [
  "Logistics",
  "Foods",
  "Textiles",
  "Analytics",
  "Dental",
  "Builders",
  "Media",
  "Energy",
  "Clinics",
  "Freight",
  "Studios",
  "Pharma",
];
const LEGAL = ["Inc.", "LLC", "GmbH", "Ltd", "S.r.l.", "S.A.", "B.V.", "AB", "Co.", "SAS", "Pty Ltd", ""];

type Lang = "en" | "fr" | "de" | "es";

export function generateVariants(seed: number, n: number): VariantCase[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const out: VariantCase[] = [];
  for (let i = 0; i < n; i++) {
    const lang: Lang = r() < 0.7 ? "en" : pick(["fr", "de", "es"] as const);
    const first = pick(FIRST);
    const last = pick(LAST);
    const stem = pick(STEM);
    const noun = pick(NOUN);
    const legal = pick(LEGAL);
    const company = `${stem} ${noun}${legal ? ` ${legal}` : ""}`;
    const domain = `${stem}-${noun}`.toLowerCase() + ".com";
    const email = `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`;
    const y = 2026;
    const m0 = int(0, 10);
    const d0 = int(1, 28);
    const ref = new Date(Date.UTC(y, m0, d0, int(8, 17), int(0, 59)));
    const intent: VariantCase["intent"] = r() < 0.85 ? "purchase" : "info_request";
    const sentences: string[] = [];

    // employees
    let employees: number | null = null;
    if (r() < 0.8) {
      const kind = int(0, 6);
      const e = pick([12, 18, 25, 40, 65, 85, 120, 150, 240, 320, 475, 1200]);
      employees = e;
      const en = [
        () => `We have ${e} employees.`,
        () => `Our team is ${toWords(e)} people strong.`,
        () => `We're a company of about ${e.toLocaleString("en-US")} staff.`,
        () => {
          const lo = e - 10;
          const hi = e + 10;
          return `Headcount is somewhere between ${lo} and ${hi}.`;
        },
        () => (e >= 1000 ? `We employ ${e / 1000}k people.` : `We employ roughly ${e} people.`),
        () => `Company size: ${e} FTEs.`,
        () => `There are ${e} of us across three offices.`,
      ];
      const other: Record<Exclude<Lang, "en">, () => string> = {
        fr: () => `Nous sommes ${e} salariés.`,
        de: () => `Wir haben ${e} Mitarbeiter.`,
        es: () => `Somos ${e} empleados.`,
      };
      sentences.push(lang === "en" ? en[kind]() : other[lang]());
    }
    // budget
    let budgetUsd: number | null = null;
    if (intent === "purchase" && r() < 0.75) {
      const kind = int(0, 8);
      const amt = pick([8000, 12000, 18000, 25000, 40000, 60000, 75000, 120000, 250000, 325000, 800000]);
      const cur = lang === "en" ? pick(["USD", "USD", "EUR", "GBP"] as const) : lang === "es" ? "USD" : "EUR";
      const sym = cur === "USD" ? "$" : cur === "EUR" ? "€" : "£";
      const word = cur === "USD" ? "dollars" : cur === "EUR" ? "euros" : "pounds";
      let value = amt;
      let text: string;
      if (lang === "en") {
        const en = [
          () => `Our budget is ${sym}${amt.toLocaleString("en-US")}.`,
          () => `We have set aside ${toWords(amt)} ${word} for this.`,
          () => `Budget is ${amt / 1000}k ${cur}.`,
          () => {
            const lo = Math.round(amt / 1000);
            const hi = Math.round((amt * 1.4) / 1000);
            value = ((lo + hi) / 2) * 1000;
            return `We can spend between ${sym}${lo}k and ${sym}${hi}k.`;
          },
          () => `We've earmarked roughly ${cur} ${amt.toLocaleString("en-US")} for the project.`,
          () => {
            value = Math.round(amt / 12) * 12;
            return `We can pay about ${sym}${Math.round(amt / 12).toLocaleString("en-US")} per month.`;
          },
          () => `Funding of up to ${sym}${amt.toLocaleString("en-US")} has been approved.`,
          () => `The budget is ${amt.toLocaleString("en-US")} ${cur}; the current vendor charges ${sym}49.99 per seat.`,
          () => `Budget: ${sym}${amt.toLocaleString("en-US")}. Our revenue is ${sym}${(amt * 300).toLocaleString("en-US")}.`,
        ];
        text = en[kind]();
      } else if (lang === "fr") text = `Notre budget est d'environ ${amt.toLocaleString("de-DE")} €.`;
      else if (lang === "de")
        text =
          amt >= 100000 && amt % 100000 === 0
            ? `Das Budget liegt bei ca. ${(amt / 1e6).toFixed(1).replace(".", ",")} Mio. €.`
            : `Das Budget beträgt ${amt.toLocaleString("de-DE")} EUR.`;
      else text = `El presupuesto es de ${amt.toLocaleString("de-DE")} USD.`;
      budgetUsd = Math.round(value * RATE[cur] * 100) / 100;
      sentences.push(text);
    }
    // timeline
    let weeks: number | null = null;
    if (intent === "purchase" && r() < 0.8) {
      const kind = int(0, 7);
      const dayMs = 86_400_000;
      const refDay = Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate());
      const fromDays = (days: number) => Math.round(days / 7);
      let text: string;
      if (lang !== "en") {
        const w = int(3, 16);
        weeks = w;
        text =
          lang === "fr"
            ? `Nous voulons démarrer dans ${w} semaines.`
            : lang === "de"
              ? `Die Einführung ist in ${w} Wochen geplant.`
              : `Necesitamos la implementación en ${w} semanas.`;
      } else
        switch (kind) {
          case 0: {
            const w = int(2, 20);
            weeks = w;
            text = `We need to be live within ${w} weeks.`;
            break;
          }
          case 1: {
            const mo = int(1, 6);
            const t = Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + mo, ref.getUTCDate());
            weeks = fromDays((t - refDay) / dayMs);
            text = `We'd like to go live in ${mo === 1 ? "a month" : `${toWords(mo)} months`}.`;
            break;
          }
          case 2: {
            const t = new Date(refDay + int(30, 200) * dayMs);
            weeks = fromDays((t.getTime() - refDay) / dayMs);
            text = `Target go-live is ${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()}.`;
            break;
          }
          case 3: {
            const q = Math.ceil((ref.getUTCMonth() + 1) / 3) + int(1, 2);
            const qy = ref.getUTCFullYear() + Math.floor((q - 1) / 4);
            const qq = ((q - 1) % 4) + 1;
            const end = Date.UTC(qy, qq * 3, 0);
            weeks = fromDays((end - refDay) / dayMs);
            text = `Implementation should be done by the end of Q${qq} ${qy}.`;
            break;
          }
          case 4:
            weeks = 1;
            text = pick(["We need this ASAP.", "We want to start immediately.", "This is urgent, we need it right away."]);
            break;
          case 5: {
            const t = Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + 3, ref.getUTCDate());
            weeks = fromDays((t - refDay) / dayMs);
            text = "We hope to be up and running roughly a quarter from now.";
            break;
          }
          case 6: {
            const dd = pick([10, 14, 21, 30, 45, 60, 90]);
            weeks = fromDays(dd);
            text = `The system must be operational within ${dd} days.`;
            break;
          }
          default: {
            const t = new Date(refDay + int(40, 150) * dayMs);
            const q = new Date(refDay + 10 * dayMs);
            weeks = fromDays((t.getTime() - refDay) / dayMs);
            text = `Questions are due by ${MONTHS[q.getUTCMonth()]} ${q.getUTCDate()}, ${q.getUTCFullYear()}; go-live is planned for ${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()}.`;
          }
        }
      sentences.push(text);
    }
    const open =
      intent === "info_request"
        ? pick([
            "We're just researching options and would like a brochure.",
            "Could you send some general information about your product?",
            "Just gathering information for now; do you integrate with Xero?",
          ])
        : lang === "fr"
          ? "Je veux acheter votre solution de rapprochement."
          : lang === "de"
            ? "Wir möchten Ihre Software kaufen."
            : lang === "es"
              ? "Queremos comprar su plataforma."
              : pick([
                  "We're looking to purchase a reconciliation platform.",
                  "We'd like a formal quote for your product.",
                  "We plan to replace our current invoicing tool.",
                ]);
    const intro =
      lang === "en"
        ? pick([
            `I'm the controller at ${company}.`,
            `I lead finance operations at ${company}.`,
            intent === "purchase" ? `${company} is evaluating vendors.` : `I work for ${company}.`,
          ])
        : "";
    const distractor =
      r() < 0.3
        ? pick([
            "Our city has a population of 15,500.",
            "See clause FAR 52.217-8 for options.",
            "A fee of one hundred dollars applies to the bid documents.",
          ])
        : "";
    const order = [intro, open, ...sentences.sort(() => r() - 0.5), distractor].filter(Boolean);
    const sign =
      lang === "fr"
        ? "Cordialement,"
        : lang === "de"
          ? "Mit freundlichen Grüßen"
          : lang === "es"
            ? "Saludos,"
            : pick(["Best regards,", "Thanks,", "Kind regards,"]);
    const body = `${lang === "de" ? "Guten Tag," : lang === "fr" ? "Bonjour," : lang === "es" ? "Hola," : "Hello,"}\n\n${order.join(" ")}\n\n${sign}\n${first} ${last}\n${company}\n`;
    const raw = [
      `From: ${first} ${last} <${email}>`,
      "To: sales@ledgerline.io",
      `Subject: ${intent === "purchase" ? "Purchase inquiry" : "Information request"}`,
      `Date: ${ref.toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: <variant-${seed}-${i}@${domain}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
    ].join("\n");
    out.push({
      case_id: `var-${seed}-${String(i).padStart(3, "0")}`,
      raw,
      message_date: ref.toISOString(),
      company,
      contact_email: email,
      employees,
      budget_usd: budgetUsd,
      timeline_weeks: weeks,
      intent,
      injection_attempt: false,
    });
  }
  return out;
}

import type { PageName } from "./rules";
import type { PageData } from "./types";

/** What the page is and what the signed-in key may do, read once from <body> and the JSON island. */
export type PageState = {
  page: PageName | "login" | null;
  canSales: boolean;
  canFinance: boolean;
  leadId: string | null;
  data: PageData | null;
};

export function readPageState(): PageState {
  const body = document.body;
  const page = body.getAttribute("data-page") as PageState["page"];
  const island = document.getElementById("initial-data");
  const data = island ? (JSON.parse(island.textContent || "null") as PageData | null) : null;
  const leadId = page === "lead" ? (document.getElementById("lead-title") ?? body).getAttribute("data-lead-id") : null;
  return {
    page,
    canSales: body.getAttribute("data-can-sales") === "1",
    canFinance: body.getAttribute("data-can-finance") === "1",
    leadId,
    data,
  };
}

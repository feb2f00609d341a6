/**
 * The dashboards' browser script, bundled by scripts/build-client.mjs into the static assets as
 * /dashboard/assets/app.js (no CDN, CSP script-src 'self'). It renders the page from the JSON
 * island, opens one WebSocket to the LiveHub, and on a pushed event refetches the page's snapshot
 * once (debounced): no polling. Reconnects with exponential backoff and refetches after a drop.
 */
import { mergeActivity } from "./activity";
import { renderFlow, renderFlowMoney } from "./flow";
import { renderLead, wireLead } from "./lead";
import { connectLive, setLive } from "./live";
import { renderPipeline, wirePipeline } from "./pipeline";
import { renderRecon, wireRecon } from "./recon";
import { endpointFor, relevant } from "./rules";
import { readPageState } from "./state";
import type { Flow, LeadDetail, PageData, Pipeline, Recon } from "./types";

const state = readPageState();
const endpoint = endpointFor(state.page, state.leadId, location.search);

function render(first: boolean): void {
  const data = state.data;
  if (!data) return;
  if (state.page === "pipeline") renderPipeline(data as Pipeline, first);
  else if (state.page === "lead") {
    renderLead(data as LeadDetail, state.canSales);
    mergeActivity((data as LeadDetail).activity, first);
  } else if (state.page === "recon") renderRecon(data as Recon, state.canFinance);
  else if (state.page === "flow") {
    renderFlow(data as Flow);
    renderFlowMoney(data as Flow);
  }
}

let inflight: Promise<void> | null = null;
let again = false;
function refresh(): Promise<void> {
  if (!endpoint) return Promise.resolve();
  if (inflight) {
    again = true;
    return inflight;
  }
  inflight = fetch(endpoint, { credentials: "same-origin", headers: { accept: "application/json" } })
    .then((r) => {
      if (r.status === 401) {
        setLive("closed", "Signed out — sign in again");
        throw new Error("signed out");
      }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json() as Promise<PageData>;
    })
    .then((d) => {
      state.data = d;
      render(false);
    })
    .catch(() => {
      // the next pushed event or reconnect tries again
    })
    .then(() => {
      inflight = null;
      if (again) {
        again = false;
        return refresh();
      }
    });
  return inflight;
}

let timer: ReturnType<typeof setTimeout> | null = null;
function soon(): void {
  if (!timer)
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, 200);
}

if (state.page === "pipeline") wirePipeline(() => state.data as Pipeline | null);
if (state.page === "lead" && state.leadId) wireLead(state.leadId, refresh);
if (state.page === "recon") wireRecon(refresh);
if (state.page === "flow") window.matchMedia("(max-width: 600px)").addEventListener("change", () => render(false));
render(true);
if (endpoint)
  connectLive(
    (m) => relevant(m, state.page, state.leadId),
    soon,
    () => void refresh(),
  );

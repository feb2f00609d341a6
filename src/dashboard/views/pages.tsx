import { Layout } from "./layout";
import { STAGE_DISPLAY } from "../snapshots/metrics";

type Common = { actor: string; canWrite: { sales: boolean; finance: boolean }; data: unknown };

export function LoginPage(props: { error?: string; next: string; access?: string | null }) {
  return (
    <Layout title="Sign in" page="login">
      <section class="login" aria-labelledby="login-h">
        <h1 id="login-h">Sign in to the dashboards</h1>
        {props.access && (
          <p class="note">
            Signed in through Cloudflare Access as {props.access}. Add an API key to approve drafts or resolve discrepancies.
          </p>
        )}
        {props.error && (
          <p class="error" role="alert" id="login-error">
            {props.error}
          </p>
        )}
        <form method="post" action="/dashboard/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="key">API key (scope dashboard:read)</label>
          <input
            id="key"
            name="key"
            type="password"
            autocomplete="off"
            required
            aria-describedby={props.error ? "login-error key-help" : "key-help"}
          />
          <p id="key-help" class="hint">
            `npm start` prints a local dev key. The key is kept in an HttpOnly cookie for this site only.
          </p>
          <button type="submit">Sign in</button>
        </form>
      </section>
    </Layout>
  );
}

export function ProblemPage(props: { status: number; message: string }) {
  return (
    <Layout title={props.status === 403 ? "Forbidden" : "Sign-in required"} page="login">
      <section class="login">
        <h1>{props.status === 403 ? "Not allowed" : "Sign-in required"}</h1>
        <p role="alert">{props.message}</p>
        <p>
          <a href="/dashboard/login">Sign in with another key</a>
        </p>
      </section>
    </Layout>
  );
}

function SortHeader(props: { field: string; label: string; numeric?: boolean }) {
  return (
    <th scope="col" aria-sort="none" class={props.numeric ? "num" : undefined}>
      <button type="button" class="sort" data-sort={props.field}>
        {props.label}
        <span class="arrow" aria-hidden="true"></span>
      </button>
    </th>
  );
}

export function PipelinePage(props: Common) {
  return (
    <Layout title="Lead pipeline" page="pipeline" actor={props.actor} canWrite={props.canWrite} data={props.data}>
      <h1>Lead pipeline</h1>
      <section aria-labelledby="agents-h">
        <h2 id="agents-h">Agents</h2>
        <ul id="agents" class="cards" aria-label="Agent status"></ul>
      </section>
      <div class="grid2">
        <section aria-labelledby="stages-h">
          <h2 id="stages-h">Leads by stage</h2>
          <div id="stages"></div>
        </section>
        <section aria-labelledby="velocity-h">
          <h2 id="velocity-h">Pipeline velocity</h2>
          <div id="velocity"></div>
        </section>
      </div>
      <section aria-labelledby="activity-h">
        <h2 id="activity-h">Live activity</h2>
        <ol id="activity" class="log" aria-live="polite" aria-relevant="additions" aria-label="Agent activity, newest first"></ol>
      </section>
      <section aria-labelledby="leads-h">
        <h2 id="leads-h">Leads</h2>
        <form class="filters" role="search" aria-label="Filter leads" id="lead-filter">
          <div>
            <label for="lead-q">Search</label>
            <input id="lead-q" type="search" placeholder="Company, contact, source, id" autocomplete="off" />
          </div>
          <div>
            <label for="lead-stage">Stage</label>
            <select id="lead-stage">
              <option value="">All stages</option>
              {STAGE_DISPLAY.map((s) => (
                <option value={s}>{s.replace(/_/g, " ")}</option>
              ))}
            </select>
          </div>
        </form>
        <p id="leads-count" class="hint" role="status"></p>
        <div class="table-wrap scroll" role="region" aria-labelledby="leads-h" tabindex={0}>
          <table id="leads-table">
            <thead>
              <tr>
                <SortHeader field="company" label="Company" />
                <SortHeader field="score" label="Score" numeric />
                <SortHeader field="stage" label="Stage" />
                <SortHeader field="source" label="Source" />
                <SortHeader field="budget_usd_minor" label="Budget (USD)" numeric />
                <SortHeader field="employees" label="Employees" numeric />
                <SortHeader field="received_at" label="Received" />
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}

export function LeadPage(props: Common & { leadId: string }) {
  return (
    <Layout title="Lead" page="lead" actor={props.actor} canWrite={props.canWrite} data={props.data}>
      <p class="crumb">
        <a href="/dashboard">← Pipeline</a>
      </p>
      <h1 id="lead-title" data-lead-id={props.leadId}>
        Lead
      </h1>
      <p id="action-status" class="status" role="status" aria-live="polite"></p>
      <div class="grid2">
        <section aria-labelledby="facts-h">
          <h2 id="facts-h">Facts and score</h2>
          <div id="lead-facts"></div>
        </section>
        <section aria-labelledby="drafts-h">
          <h2 id="drafts-h">Drafts awaiting approval</h2>
          <div id="drafts"></div>
        </section>
      </div>
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">Lead to cash</h2>
        <ol id="timeline" class="timeline"></ol>
      </section>
      <section aria-labelledby="history-h">
        <h2 id="history-h">Negotiation history</h2>
        <ol id="history" class="log"></ol>
      </section>
      <section aria-labelledby="esc-h">
        <h2 id="esc-h">Escalations</h2>
        <div id="escalations"></div>
      </section>
      <section aria-labelledby="lact-h">
        <h2 id="lact-h">Agent activity for this lead</h2>
        <ol id="activity" class="log" aria-live="polite" aria-relevant="additions"></ol>
      </section>
    </Layout>
  );
}

export function ReconPage(props: Common) {
  return (
    <Layout title="Reconciliation" page="recon" actor={props.actor} canWrite={props.canWrite} data={props.data}>
      <h1>Reconciliation queue</h1>
      <p id="action-status" class="status" role="status" aria-live="polite"></p>
      <section aria-labelledby="counts-h">
        <h2 id="counts-h" class="sr-only">
          Invoice outcomes
        </h2>
        <ul id="recon-counts" class="cards"></ul>
      </section>
      <section aria-labelledby="disc-h">
        <h2 id="disc-h">Discrepancies to review</h2>
        <div id="discrepancies" role="region" aria-labelledby="disc-h" tabindex={0}></div>
      </section>
      <section aria-labelledby="entries-h">
        <h2 id="entries-h">Bank entries and matched invoices</h2>
        <div class="table-wrap scroll" role="region" aria-labelledby="entries-h" tabindex={0}>
          <table id="entries">
            <thead>
              <tr>
                <th scope="col">Booked</th>
                <th scope="col">Wire</th>
                <th scope="col">Sender</th>
                <th scope="col" class="num">
                  Amount
                </th>
                <th scope="col">Status</th>
                <th scope="col">Matched invoices</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="imports-h">
        <h2 id="imports-h">Imports and processing latency</h2>
        <div class="table-wrap" role="region" aria-labelledby="imports-h" tabindex={0}>
          <table id="imports">
            <thead>
              <tr>
                <th scope="col">Import</th>
                <th scope="col">Format</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Entries
                </th>
                <th scope="col" class="num">
                  Links
                </th>
                <th scope="col" class="num">
                  Import latency
                </th>
                <th scope="col" class="num">
                  Per payment (p50 / max)
                </th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="ledgers-h">
        <h2 id="ledgers-h">Real-time ledgers</h2>
        <p class="hint">One per currency: real-time payments are decided from its in-memory copy of the open ledger, one D1 write each.</p>
        <div class="table-wrap" role="region" aria-labelledby="ledgers-h" tabindex={0}>
          <table id="ledgers">
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">State</th>
                <th scope="col" class="num">
                  Held (invoices / open credits)
                </th>
                <th scope="col" class="num">
                  Writes (grouped)
                </th>
                <th scope="col" class="num">
                  Loads (warm-ups)
                </th>
                <th scope="col" class="num">
                  Refused / read-then-write / queued
                </th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}

export function FlowPage(props: Common) {
  return (
    <Layout title="Lead-to-cash flow" page="flow" actor={props.actor} canWrite={props.canWrite} data={props.data}>
      <h1>Lead-to-cash flow</h1>
      <p class="hint">
        Live counts of the same deals at each step and the conversion from the step before; a won deal without an invoice shows as a gap.
      </p>
      <figure class="flow" id="flow" aria-labelledby="flow-cap">
        <figcaption id="flow-cap" class="sr-only">
          Lead-to-cash flow diagram; the same numbers are in the table below.
        </figcaption>
      </figure>
      <div class="table-wrap" role="region" aria-label="Flow numbers" tabindex={0}>
        <table id="flow-table">
          <caption>Flow numbers</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" class="num">
                Count
              </th>
              <th scope="col" class="num">
                Conversion
              </th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <section aria-labelledby="cash-h">
        <h2 id="cash-h">Money and gaps</h2>
        <div id="flow-gaps"></div>
        <div class="table-wrap" role="region" aria-label="Money per currency" tabindex={0}>
          <table id="flow-money">
            <caption>Money per currency</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col" class="num">
                  Pipeline
                </th>
                <th scope="col" class="num">
                  Won
                </th>
                <th scope="col" class="num">
                  Invoiced
                </th>
                <th scope="col" class="num">
                  Collected
                </th>
                <th scope="col" class="num">
                  Open
                </th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}

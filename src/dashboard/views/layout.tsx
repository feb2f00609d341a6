import type { Child } from "hono/jsx";
import { raw } from "hono/html";

export type Page = "pipeline" | "lead" | "recon" | "flow" | "login";

const NAV: Array<{ page: Page; href: string; label: string }> = [
  { page: "pipeline", href: "/dashboard", label: "Pipeline" },
  { page: "recon", href: "/dashboard/recon", label: "Reconciliation" },
  { page: "flow", href: "/dashboard/flow", label: "Lead-to-cash flow" },
];

/** JSON for a non-executed <script type="application/json"> island: `<` escaped so it cannot close the tag. */
export function jsonIsland(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function Layout(props: {
  title: string;
  page: Page;
  actor?: string;
  canWrite?: { sales: boolean; finance: boolean };
  data?: unknown;
  children?: Child;
}) {
  // The doctype keeps browsers in standards mode (without it every page rendered in quirks mode).
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · Lead-to-Cash`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/dashboard/assets/app.css" />
        </head>
        <body
          data-page={props.page}
          data-can-sales={props.canWrite?.sales ? "1" : "0"}
          data-can-finance={props.canWrite?.finance ? "1" : "0"}
        >
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <p class="brand">
              <a href="/dashboard">Lead-to-Cash</a>
            </p>
            {props.page !== "login" && (
              <nav aria-label="Dashboards">
                <ul>
                  {NAV.map((n) => (
                    <li>
                      <a
                        href={n.href}
                        aria-current={n.page === props.page || (props.page === "lead" && n.page === "pipeline") ? "page" : undefined}
                      >
                        {n.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {props.page !== "login" && (
              <div class="session">
                <span id="live-status" class="live" role="status" data-state="connecting">
                  Connecting…
                </span>
                {props.actor && (
                  <form method="post" action="/dashboard/logout">
                    <button type="submit" class="link">
                      Sign out
                    </button>
                  </form>
                )}
              </div>
            )}
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="foot">
            <p>Served by the Worker · updates pushed over WebSocket</p>
          </footer>
          {props.data !== undefined && (
            <script type="application/json" id="initial-data">
              {raw(jsonIsland(props.data))}
            </script>
          )}
          {props.page !== "login" && <script src="/dashboard/assets/app.js" defer></script>}
        </body>
      </html>
    </>
  );
}

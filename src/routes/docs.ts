import type { OpenAPIHono } from "@hono/zod-openapi";
import { completeContract } from "./openapi-contract";
import type { AppEnv } from "./router";

const INFO = {
  title: "Lead-to-Cash Mesh API",
  version: "0.1.0",
  description:
    'Edge-native lead-to-cash: webhook gateway, lead ingestion, negotiation and reconciliation. Conventions (README "API conventions"): `Authorization: Bearer <key>`; every answer carries `Request-Id`; errors are `application/problem+json` with a stable `code` and `request_id`; POST/PUT/PATCH take an `Idempotency-Key`; failed authentication and writes are rate limited (429 with `Retry-After`); lists live under `/v1` in one shape (`{ data, next_cursor }`, `limit` 50 by default and 200 at most, opaque `cursor`, lower snake_case enums, money as `{ amount_minor, currency }`); the unversioned `/api` lists answer `Deprecation: true` with a `Link` to their successor for one release.',
  license: { name: "Proprietary (private repository)", identifier: "LicenseRef-Proprietary" },
};

/** /openapi.json (OpenAPI 3.1, generated from the same zod schemas that validate requests) and /docs. */
export function docs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "Scoped API key from `npm run key:create`",
  });
  // Generated once per isolate (it walks every zod schema), completed per origin (servers).
  const byOrigin = new Map<string, Record<string, unknown>>();
  app.get("/openapi.json", (c) => {
    const origin = new URL(c.req.url).origin;
    let doc = byOrigin.get(origin);
    if (!doc) {
      doc = completeContract(app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO }) as unknown as Record<string, unknown>, origin);
      if (byOrigin.size < 8) byOrigin.set(origin, doc);
    }
    return c.json(doc);
  });
  app.get("/docs", (c) => c.html(DOCS_HTML));
}

// A self-contained docs page (no CDN: the network may be closed, and security teams prefer it).
// It renders the OpenAPI document's paths, schemas and examples in plain HTML.
const DOCS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lead-to-Cash Mesh API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}.op{border:1px solid #d0d7de;border-radius:6px;margin:.8rem 0;padding:.6rem .9rem}
.m{font-weight:700;text-transform:uppercase;display:inline-block;min-width:4.5rem}.post{color:#1a7f37}.get{color:#0969da}.put,.patch{color:#9a6700}.delete{color:#cf222e}
code,pre{background:#f6f8fa;border-radius:4px;padding:.1rem .3rem}pre{padding:.6rem;overflow:auto}summary{cursor:pointer}</style></head>
<body><main><h1>Lead-to-Cash Mesh API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p><div id="ops" aria-live="polite">Loading…</div></main>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const el=document.getElementById('ops');el.textContent='';
  const tags={};
  for(const [path,item] of Object.entries(doc.paths||{}))for(const [method,op] of Object.entries(item)){
    const t=(op.tags&&op.tags[0])||'Other';(tags[t]=tags[t]||[]).push({path,method,op});}
  for(const [tag,ops] of Object.entries(tags)){
    const h=document.createElement('h2');h.textContent=tag;el.appendChild(h);
    for(const {path,method,op} of ops){
      const d=document.createElement('details');d.className='op';
      const s=document.createElement('summary');
      const m=document.createElement('span');m.className='m '+method;m.textContent=method;
      const p=document.createElement('code');p.textContent=path;
      s.append(m,p,document.createTextNode(' — '+(op.summary||'')));d.appendChild(s);
      if(op.description){const x=document.createElement('p');x.textContent=op.description;d.appendChild(x);}
      const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses,security:op.security},null,2);d.appendChild(pre);
      el.appendChild(d);}}
}).catch(e=>{document.getElementById('ops').textContent='Could not load /openapi.json: '+e;});
</script></body></html>`;

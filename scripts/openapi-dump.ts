// Writes the OpenAPI document the Worker serves at /openapi.json to a file (default
// build/openapi.json) without starting a server, for `npm run lint:api` (redocly) and clients.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { app } from "../src/app";
import { setLogLevel } from "../src/platform/log";

setLogLevel("warn"); // no access line for this one internal request

const out = process.argv[2] ?? "build/openapi.json";
const res = await app.request("/openapi.json");
if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(await res.json(), null, 2) + "\n");
console.log(`wrote ${out}`);

// The list shapes an OpenAPI document declares (issue 16 item 6): every non-deprecated GET under a prefix whose 200
// JSON body holds an array at the top level, with its array's name, limit default/maximum and cursor; then how many
// distinct envelopes and limit rules there are. `npx tsx scripts/openapi-dump.ts build/openapi.json &&
// node scripts/list-shapes.mjs build/openapi.json /v1/` (README "API conventions").
import { readFileSync } from "node:fs";
const doc = JSON.parse(readFileSync(process.argv[2], "utf8"));
const prefix = process.argv[3] ?? "/";
const deref = (s) => (s?.$ref ? doc.components.schemas[s.$ref.split("/").pop()] : s);
const rows = [];
for (const [path, item] of Object.entries(doc.paths)) {
  const op = item.get;
  if (!op || !path.startsWith(prefix) || op.deprecated) continue;
  const body = deref(op.responses?.["200"]?.content?.["application/json"]?.schema);
  const arrays = Object.entries(body?.properties ?? {})
    .filter(([, v]) => deref(v)?.type === "array")
    .map(([k]) => k);
  if (!arrays.length || path.includes("{")) continue;
  const limit = (op.parameters ?? []).find((p) => p.name === "limit")?.schema;
  const cursor = (op.parameters ?? []).some((p) => p.name === "cursor");
  rows.push({
    path,
    array: arrays.join("+"),
    limit: limit ? `${limit.default ?? "-"}/${limit.maximum ?? "-"}` : "none",
    cursor,
    next: "next_cursor" in (body.properties ?? {}),
  });
}
console.table(rows);
const distinct = (k) => new Set(rows.map((r) => String(r[k]))).size;
console.log(
  JSON.stringify({
    lists: rows.length,
    envelope_names: distinct("array"),
    limit_rules: distinct("limit"),
    without_cursor: rows.filter((r) => !r.cursor).length,
  }),
);

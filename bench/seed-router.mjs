// The reference design's Express router, reproduced for side-by-side benchmarks (bench/router.mjs).
// It reads event_type, picks agent and route, times that with process.hrtime, and answers.
// As in the reference, deal_update falls through to Unassigned / Default_Fallback.
import express from "express";

export function createSeedRouter() {
  const app = express();
  app.use(express.json());
  app.post("/api/crm/webhook-router", (req, res) => {
    const start = process.hrtime.bigint();
    const { event_type, payload } = req.body ?? {};
    let assigned_agent = "Unassigned";
    let route = "Default_Fallback";
    if (event_type === "lead_create") {
      assigned_agent = "Lead_Qualification_Agent";
      route = "/pipelines/lead-ingest";
    } else if (event_type === "invoice_paid") {
      assigned_agent = "Billing_Reconciliation_Agent";
      route = "/pipelines/invoice-match";
    }
    const routing_latency_ms = Number(process.hrtime.bigint() - start) / 1e6;
    res.json({ event_id: payload?.id, assigned_agent, route, routing_latency_ms, status: "PROCESSED" });
  });
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 3050);
  createSeedRouter().listen(port, "127.0.0.1", () => console.log(`seed router on http://127.0.0.1:${port}`));
}

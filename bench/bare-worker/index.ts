// The baseline: a bare Hono hello-world Worker under the same `wrangler dev --local`.
import { Hono } from "hono";

const app = new Hono();
app.all("*", (c) => c.text("Hello Hono!"));
export default app;

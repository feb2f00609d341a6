// POST anything: the body read and parsed as JSON, one D1 insert (id, source, body, received_at)
// with a unique id, one queue send, 202. GET: "ok" (readiness probe). No validation, no auth, no
// logging: what any durable webhook receiver must do at least.
let ready = false;

export default {
  async fetch(req, env) {
    if (req.method !== "POST") return new Response("ok");
    if (!ready) {
      await env.DB.prepare(
        "CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, source TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL)",
      ).run();
      ready = true;
    }
    const text = await req.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response("bad json", { status: 400 });
    }
    const id = crypto.randomUUID();
    await env.DB.prepare("INSERT INTO events (id, source, body, received_at) VALUES (?, ?, ?, ?)")
      .bind(id, new URL(req.url).pathname, text, new Date().toISOString())
      .run();
    await env.QUEUE.send({ id, kind: Array.isArray(body) ? "batch" : "event" });
    return Response.json({ id, accepted: true }, { status: 202 });
  },
};

import { DurableObject } from "cloudflare:workers";

/** What each socket asked to receive; kept in its attachment so it survives hibernation. */
export type SocketFilter = { topics: string[]; connected_at: string };

const ALL = "*";

/** A message's topic: its `type` ("activity", "lead", ...), and for activity also "activity:<agent>". */
export function topicsOf(message: Record<string, unknown>): string[] {
  const type = typeof message.type === "string" ? message.type : "message";
  const out = [type];
  const act = message.activity;
  if (type === "activity" && act && typeof act === "object" && "agent" in act && typeof act.agent === "string")
    out.push(`activity:${act.agent}`);
  return out;
}

export function wants(filter: SocketFilter | null, topics: string[]): boolean {
  if (!filter || filter.topics.length === 0 || filter.topics.includes(ALL)) return true;
  return topics.some((t) => filter.topics.includes(t));
}

function parseTopics(raw: string | null | undefined): string[] {
  if (!raw) return [ALL];
  const list = raw
    .split(",")
    .map((t) => t.trim())
    .filter((t) => /^[a-z_:*-]{1,40}$/.test(t));
  return list.length ? list.slice(0, 20) : [ALL];
}

/**
 * Dashboard WebSocket fan-out, one instance ("global"). Uses the hibernation API: sockets are
 * accepted with `ctx.acceptWebSocket`, so an idle hub is evicted from memory while its sockets stay
 * open; per-socket filters live in the socket attachment, not in instance fields, for the same
 * reason. `fetch` exists only for the upgrade; everything else is RPC (`publish`).
 */
export class LiveHub extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered by the runtime without waking the object: clients' keep-alives cost nothing.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426, headers: { upgrade: "websocket" } });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const filter: SocketFilter = {
      topics: parseTopics(new URL(request.url).searchParams.get("topics")),
      connected_at: new Date().toISOString(),
    };
    server.serializeAttachment(filter);
    server.send(JSON.stringify({ type: "hello", topics: filter.topics, at: filter.connected_at }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends the message to every socket whose filter wants it; returns how many got it. */
  async publish(message: Record<string, unknown>): Promise<number> {
    const text = JSON.stringify(message);
    const topics = topicsOf(message);
    let sent = 0;
    for (const ws of this.ctx.getWebSockets()) {
      if (!wants(ws.deserializeAttachment() as SocketFilter | null, topics)) continue;
      try {
        ws.send(text);
        sent++;
      } catch {
        // A socket closing under us: its close handler cleans up.
      }
    }
    return sent;
  }

  /** Number of open sockets (for tests and the status page). */
  async connections(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  /** Clients may change their filter: {"type":"subscribe","topics":["activity","lead"]}. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string" || message.length > 2048) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    if (!parsed || typeof parsed !== "object" || !("type" in parsed)) return;
    if (parsed.type === "subscribe" && "topics" in parsed && Array.isArray(parsed.topics)) {
      const prev = ws.deserializeAttachment() as SocketFilter | null;
      const topics = parseTopics(parsed.topics.filter((t): t is string => typeof t === "string").join(","));
      ws.serializeAttachment({ topics, connected_at: prev?.connected_at ?? new Date().toISOString() } satisfies SocketFilter);
      ws.send(JSON.stringify({ type: "subscribed", topics }));
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // 1005/1006 are reserved and cannot be sent back: answer them with a normal close.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    try {
      ws.close(1011, "error");
    } catch {
      // already closed
    }
  }
}

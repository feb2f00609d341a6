import type { Context, Next } from "hono";
import { getConfig } from "../../config";
import { readBodyCapped } from "../../platform/body";
import { sha256Hex, utf8 } from "../../platform/crypto";
import { BadRequest, Conflict, InvalidInput } from "../../platform/errors";
import {
  appliesTo,
  checkIdempotencyKey,
  decide,
  fingerprintPrefix,
  IDEMPOTENCY_HEADER,
  IDEMPOTENCY_TTL_MS,
  IN_FLIGHT_LEASE_MS,
  isStorable,
  REPLAYED_HEADER,
  replayedHeaders,
} from "../../platform/idempotency";
import { complete, readKey, release, reserve, takeOver, type Reservation } from "../../platform/idempotency-store";
import { log } from "../../platform/log";
import type { AppEnv } from "../router";

/**
 * `Idempotency-Key` on our own POST/PUT/PATCH, run by `requireScope` once the key is known (the
 * stored responses are per API key). Without the header a request runs as before. The vendor
 * webhooks never pass here: they dedupe on the vendor's own event id.
 */
export async function idempotent(c: Context<AppEnv>, next: Next): Promise<Response | void> {
  const header = c.req.header(IDEMPOTENCY_HEADER);
  const apiKeyId = c.get("actor");
  if (header === undefined || !apiKeyId || !appliesTo(c.req.method) || c.get("idempotencyChecked")) return next();
  c.set("idempotencyChecked", true);
  const check = checkIdempotencyKey(header);
  if (!check.ok) throw new BadRequest(check.reason, { code: "invalid_idempotency_key" });

  const url = new URL(c.req.url);
  const path = url.pathname + url.search;
  const body = await readBodyCapped(c.req.raw.clone(), getConfig(c.env).MAX_UPLOAD_BYTES);
  const prefix = utf8(fingerprintPrefix(c.req.method, path, c.req.header("content-type") ?? null));
  const preimage = new Uint8Array(prefix.byteLength + body.byteLength);
  preimage.set(prefix);
  preimage.set(body, prefix.byteLength);
  const requestHash = await sha256Hex(preimage);
  const reservation: Reservation = {
    apiKeyId,
    idemKey: check.key,
    requestHash,
    method: c.req.method,
    path,
    nowMs: Date.now(),
    leaseMs: IN_FLIGHT_LEASE_MS,
    ttlMs: IDEMPOTENCY_TTL_MS,
  };

  if (!(await reserve(c.env.DB, reservation))) {
    const stored = await readKey(c.env.DB, reservation);
    const d = decide(stored, requestHash, Date.now());
    if (d.kind === "replay" && stored?.response) {
      log({ event: "idempotency.replayed", method: c.req.method, status: stored.response.status, outcome: "replayed" });
      return new Response(stored.response.body, {
        status: stored.response.status,
        headers: { ...stored.response.headers, [REPLAYED_HEADER]: "true" },
      });
    }
    if (d.kind === "mismatch") {
      log({ event: "idempotency.mismatch", method: c.req.method, outcome: "rejected" }, "warn");
      throw new InvalidInput("This Idempotency-Key was already used with a different request (method, path or body)", {
        code: "idempotency_mismatch",
      });
    }
    const won =
      d.kind === "execute" ? await reserve(c.env.DB, reservation) : d.kind === "take_over" ? await takeOver(c.env.DB, reservation) : false;
    if (!won) {
      log({ event: "idempotency.in_flight", method: c.req.method, outcome: "rejected" }, "warn");
      throw new Conflict("A request with this Idempotency-Key is still being processed; retry after it finished", {
        code: "idempotency_in_flight",
        retry_after: d.kind === "in_flight" ? d.retryAfterSeconds : 1,
      });
    }
  }

  try {
    await next();
  } catch (err) {
    await release(c.env.DB, reservation);
    throw err;
  }
  const text = await c.res.clone().text();
  if (isStorable(c.res.status, text.length)) {
    await complete(c.env.DB, reservation, { status: c.res.status, headers: replayedHeaders(c.res.headers), body: text });
  } else {
    await release(c.env.DB, reservation);
  }
}

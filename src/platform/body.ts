import { BadRequest, PayloadTooLarge } from "./errors";

/** Reads a stream whole, or answers null as soon as it passes `limit` bytes (and stops reading). */
export async function readCapped(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * A request's raw body, refused with 413 past `limit` whether or not Content-Length told the truth
 * (checked first, so an honest oversized upload is refused before a byte is read).
 */
export async function readBodyCapped(req: Request, limit: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) throw new BadRequest("Malformed Content-Length");
    if (Number(declared) > limit) throw new PayloadTooLarge(limit);
  }
  const bytes = await readCapped(req.body, limit);
  if (!bytes) throw new PayloadTooLarge(limit);
  return bytes;
}

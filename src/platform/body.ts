import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from "./errors";

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

/** The media type of a Content-Type header, lower-cased, without its parameters ("" when absent). */
export function mediaTypeOf(header: string | null | undefined): string {
  return header?.split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * The declared media type when it is one the upload takes, else a 415 `unsupported_media_type`.
 * Uploads must say what they are: a cross-site HTML form can only send text/plain,
 * application/x-www-form-urlencoded or multipart/form-data without a CORS preflight, so none of
 * those (nor a missing type) may change the books.
 */
export function requireMediaType(header: string | null | undefined, allowed: readonly string[]): string {
  const mediaType = mediaTypeOf(header);
  if (allowed.includes(mediaType)) return mediaType;
  throw new UnsupportedMediaType(
    `Send the file as ${allowed.join(", ")}${mediaType ? `, not ${mediaType}` : " (no Content-Type was sent)"}`,
    {
      code: "unsupported_media_type",
      accepted: allowed,
    },
  );
}

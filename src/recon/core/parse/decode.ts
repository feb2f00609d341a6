import { InvalidInput } from "../../../platform/errors";

/** An uploaded statement's bytes as text. */
export function decodeStatementBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InvalidInput("The file is not valid UTF-8 text");
  }
}

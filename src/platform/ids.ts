import { monotonicFactory } from "ulidx";

const ulid = monotonicFactory();

/** Sortable internal ids with a type prefix: `lead_01J...`, `evt_01J...`. */
export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

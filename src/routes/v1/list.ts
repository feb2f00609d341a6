import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Scope } from "../../platform/api-keys";
import { LIST_LIMIT, pageOf, parseCursor, parseLimit } from "../../platform/list-page";
import { requireScope } from "../auth";
import type { AppEnv } from "../router";
import { problemResponses } from "../schemas";

/**
 * The one list route of /v1: `GET <path>?<filters>&cursor&limit` answering `{ data, next_cursor }`.
 * A resource declares its filters, the schema of one item, how many key parts its cursor holds,
 * the one store call that reads a page, and the one mapping from a stored row to the item;
 * parsing, paging and the envelope are src/platform/list-page.ts, the same for every list.
 */
export const MoneySchema = z
  .object({
    amount_minor: z.number().int().openapi({ description: "Integer minor units of `currency` (cents for USD)", example: 101801 }),
    currency: z.string().openapi({ description: "ISO 4217", example: "EUR" }),
  })
  .openapi("V1Money", { description: "An amount: integer minor units and the currency code, never a decimal" });

/** A lower snake_case enum of v1 built from the stored (upper-case) values, and its way back for a filter. */
export function v1Enum<T extends string>(stored: readonly T[]) {
  const lower = stored.map((s) => s.toLowerCase() as Lowercase<T>);
  return z.enum(lower as [Lowercase<T>, ...Lowercase<T>[]]);
}

const PageParams = {
  cursor: z
    .string()
    .max(400)
    .optional()
    .openapi({ description: "The previous page's `next_cursor`, unchanged (opaque; a cursor of another list is a 422 invalid_cursor)" }),
  limit: z
    .string()
    .max(8)
    .optional()
    .openapi({
      type: "integer",
      minimum: 1,
      maximum: LIST_LIMIT.max,
      default: LIST_LIMIT.default,
      description: `Rows per page, 1..${LIST_LIMIT.max} (default ${LIST_LIMIT.default}); above the maximum is a 422 invalid_input, never clamped`,
    }),
};

type Shape = Record<string, z.ZodType>;
type Filters<F extends Shape> = { [K in keyof F]: z.infer<F[K]> };

export type ListDef<F extends Shape, R, T> = {
  /** Under /v1, e.g. `/finance/invoices`. */
  path: string;
  /** The item's schema name in the document (its page is `<name>Page`). */
  name: string;
  summary: string;
  /** The stable order, said in the description (keyset pagination relies on it). */
  order: string;
  tags: string[];
  scope: Scope;
  filters: F;
  item: z.ZodType<T>;
  /** How many key parts this list's cursor holds. */
  arity: number;
  /** Refuses a combination of filters the schema cannot (throws a Refusal), before anything is read. */
  check?: (filters: Filters<F>) => void;
  read: (env: Env, filters: Filters<F>, after: string[] | undefined, limit: number) => Promise<{ rows: R[]; next: string[] | null }>;
  present: (row: R) => T;
};

export function addList<F extends Shape, R, T>(router: OpenAPIHono<AppEnv>, def: ListDef<F, R, T>): void {
  const route = createRoute({
    method: "get",
    path: def.path,
    summary: def.summary,
    description: `${def.order}. One page is \`{ data, next_cursor }\`: pass \`next_cursor\` back as \`cursor\` until it is null. README "API conventions".`,
    tags: def.tags,
    middleware: [requireScope(def.scope)] as const,
    request: { query: z.object({ ...def.filters, ...PageParams }) },
    responses: {
      200: {
        description: "A page",
        content: {
          "application/json": {
            schema: z.object({ data: z.array(def.item), next_cursor: z.string().nullable() }).openapi(`${def.name}Page`),
          },
        },
      },
      ...problemResponses,
    },
  });
  router.openapi(route, (async (c: {
    env: Env;
    req: { valid(t: "query"): Record<string, unknown> };
    json(b: unknown, s: 200): Response;
  }) => {
    const { cursor, limit, ...filters } = c.req.valid("query");
    const after = parseCursor(cursor as string | undefined, def.arity);
    def.check?.(filters as Filters<F>);
    const page = await def.read(c.env, filters as Filters<F>, after, parseLimit(limit as string | undefined));
    return c.json(pageOf(page.rows, page.next, def.present), 200);
  }) as never);
}

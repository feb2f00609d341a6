import { OpenAPIHono } from "@hono/zod-openapi";
import { InvalidInput } from "../platform/errors";

/** Per-request values set by middleware. */
export type AppVariables = {
  requestId: string;
  /** Who is calling: an API key id, "access:<email>", or undefined for webhooks. */
  actor?: string;
  scopes?: string[];
  /** Set once the Idempotency-Key middleware ran for this request (a route with two scope checks runs it once). */
  idempotencyChecked?: boolean;
};
export type AppEnv = { Bindings: Env; Variables: AppVariables };

/**
 * Every router is an OpenAPIHono so its zod schemas both validate requests and feed
 * /openapi.json. Validation failures become 422 problem+json with the zod issues.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new InvalidInput("Request did not match the schema", {
          errors: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        });
      }
    },
  });
}

import { createRouter } from "./router";

/** webhooks routes (filled in by the issue that owns them). */
export const webhooks = createRouter();

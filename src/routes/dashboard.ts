import { createRouter } from "./router";

/** dashboard routes (filled in by the issue that owns them). */
export const dashboard = createRouter();

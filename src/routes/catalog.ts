import { createRouter } from "./router";

/** catalog routes (filled in by the issue that owns them). */
export const catalog = createRouter();

import { createRouter } from "./router";

/** finance routes (filled in by the issue that owns them). */
export const finance = createRouter();

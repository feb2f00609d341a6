import { createRouter } from "./router";

/** leads routes (filled in by the issue that owns them). */
export const leads = createRouter();

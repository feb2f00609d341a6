import { createRouter } from "./router";

/** negotiation routes (filled in by the issue that owns them). */
export const negotiation = createRouter();

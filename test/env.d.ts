import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** JSON: { expected, files: { "<format>/<file>": base64 } } of ../shared/data/realbank, or {} when absent. */
      REALBANK_CORPUS: string;
    }
  }
}
export {};

import { DurableObject } from "cloudflare:workers";

/** Dashboard WebSocket fan-out (hibernation API). Filled in by the dashboard issue. */
export class LiveHub extends DurableObject<Env> {
  async publish(_message: Record<string, unknown>): Promise<number> {
    return 0;
  }
}

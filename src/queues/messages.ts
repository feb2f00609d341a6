import { z } from "zod";
import { InternalEvent } from "../webhooks/internal-event";

/** Every message on the reconciliation queue, parsed with this schema by the consumer. */
export const ReconMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("payment_event"), event: InternalEvent }),
]);
export type ReconMessage = z.infer<typeof ReconMessage>;

import { z } from "zod";
import { InternalEvent } from "./core/internal-event";

/** Accepted webhook events, handed from the request path (accept) to their pipeline (dispatch). */
export const GatewayMessage = z.object({ kind: z.literal("route_event"), internal_id: z.string().min(1), event: InternalEvent });
export type GatewayMessage = z.infer<typeof GatewayMessage>;

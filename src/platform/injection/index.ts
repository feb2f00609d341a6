export { detectInjection, maskSpans, plantedTriggers, THRESHOLD } from "./detector";
export type { DetectContext, InjectionReason, InjectionReport } from "./detector";
export { normalizeForDetection } from "./normalize";

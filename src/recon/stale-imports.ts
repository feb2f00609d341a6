import { getConfig } from "../config";
import { log } from "../platform/log";
import { failStaleImports } from "./store/stale-imports";

/**
 * Cron sweep: an import whose queue messages were lost (never applied, never dead-lettered) would
 * read as `processing` forever. Past IMPORT_STALE_MINUTES it is marked failed with the reason, so
 * finance sees it and uploads the file again (imports are idempotent by natural keys).
 */
export async function sweepStaleImports(env: Env, now = new Date()): Promise<string[]> {
  const minutes = getConfig(env).IMPORT_STALE_MINUTES;
  const cutoff = new Date(now.getTime() - minutes * 60_000).toISOString();
  const ids = await failStaleImports(env, cutoff, now.toISOString(), {
    code: "IMPORT_STALE",
    message: `still processing ${minutes} minutes after it was created: its remaining chunks were lost; upload the file again`,
  });
  for (const id of ids) log({ event: "recon.import_stale", job_id: id, minutes, outcome: "failed" }, "warn");
  return ids;
}

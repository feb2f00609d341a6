/** Fails every import still `processing` that was created before `cutoff`, appending the reason; returns their ids. */
export async function failStaleImports(
  env: Env,
  cutoffIso: string,
  nowIso: string,
  error: { code: string; message: string },
): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `UPDATE imports SET status = 'failed', errors_json = json_insert(errors_json, '$[#]', json(?)), finished_at = coalesce(finished_at, ?)
     WHERE status = 'processing' AND created_at < ? RETURNING id`,
  )
    .bind(JSON.stringify(error), nowIso, cutoffIso)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

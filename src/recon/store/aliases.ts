import { newId } from "../../platform/ids";
import type { AliasToLearn } from "../core/payer-alias";
import type { PayerAlias } from "../core/types";

/** The SQL of payer aliases learned from manual matches (src/recon/aliases.ts, core/payer-alias.ts). */

const ALIAS_COLS = "id, payer_key, payer_account, customer_tax_id, customer_name, created_by, created_at";
/** Aliases are made by people one match at a time; a run never reads more than this many. */
const MAX_ALIASES = 5000;

/** Every live alias (a full match run's scope). */
export function liveAliasesStatement(env: Env): D1PreparedStatement {
  return env.DB.prepare(`SELECT ${ALIAS_COLS} FROM payer_aliases WHERE revoked_at IS NULL ORDER BY created_at, id LIMIT ${MAX_ALIASES}`);
}

/** The live aliases of some payers (a focused run's scope): `payerKeysJson` is a JSON array of payer keys. */
export function aliasesOfPayersStatement(env: Env, payerKeysJson: string): D1PreparedStatement {
  return env.DB.prepare(
    `SELECT ${ALIAS_COLS} FROM payer_aliases WHERE payer_key IN (SELECT value FROM json_each(?1)) AND revoked_at IS NULL ORDER BY created_at, id`,
  ).bind(payerKeysJson);
}

export const aliasRows = (r: D1Result): PayerAlias[] => r.results as PayerAlias[];

/** Records an alias in the manual match's transaction; a live one for the same payer and customer stays as it is. */
export function learnAliasStatement(
  env: Env,
  a: AliasToLearn,
  source: { link_id: string; invoice_id: string; entry_key: string; actor: string; now: string },
): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO payer_aliases (id, payer_key, payer_account, payer_name, customer_tax_id, customer_name, customer_key, source_link_id, invoice_id, entry_key, created_by, created_at)
     VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
     ON CONFLICT (payer_key, customer_key) WHERE revoked_at IS NULL DO NOTHING`,
  ).bind(
    newId("pal"),
    a.payer_key,
    a.payer_name,
    a.customer_tax_id,
    a.customer_name,
    a.customer_key,
    source.link_id,
    source.invoice_id,
    source.entry_key,
    source.actor,
    source.now,
  );
}

export type AliasListRow = PayerAlias & {
  payer_name: string;
  source_link_id: string;
  invoice_id: string;
  entry_key: string;
  revoked_at: string | null;
  revoked_by: string | null;
};

export async function listAliases(env: Env, f: { includeRevoked: boolean; after?: string; limit: number }) {
  const { results } = await env.DB.prepare(
    `SELECT ${ALIAS_COLS}, payer_name, source_link_id, invoice_id, entry_key, revoked_at, revoked_by FROM payer_aliases
      WHERE (?1 OR revoked_at IS NULL) AND id > ?2 ORDER BY id LIMIT ?3`,
  )
    .bind(f.includeRevoked ? 1 : 0, f.after ?? "", f.limit + 1)
    .all<AliasListRow>();
  return { items: results.slice(0, f.limit), next: results.length > f.limit ? (results[f.limit - 1]?.id ?? null) : null };
}

export async function readAlias(env: Env, id: string): Promise<AliasListRow | null> {
  return env.DB.prepare(
    `SELECT ${ALIAS_COLS}, payer_name, source_link_id, invoice_id, entry_key, revoked_at, revoked_by FROM payer_aliases WHERE id = ?`,
  )
    .bind(id)
    .first<AliasListRow>();
}

/**
 * Revokes a live alias and audits it, in one transaction; every scope version moves, so a ledger
 * object holding a currency in memory (with its aliases) reads it again before its next write.
 * Revoking a revoked alias changes nothing.
 */
export async function revokeAlias(env: Env, id: string, actor: string, now: string): Promise<boolean> {
  const [upd] = await env.DB.batch([
    env.DB.prepare("UPDATE payer_aliases SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1 AND revoked_at IS NULL").bind(id, now, actor),
    env.DB.prepare(
      `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json)
       SELECT ?1, ?2, ?3, 'recon.alias_revoke', 'payer_alias', ?4, 'alias revoked', json_object('payer_key', payer_key, 'customer_name', customer_name)
         FROM payer_aliases WHERE id = ?4 AND revoked_at = ?2 AND revoked_by = ?3 AND changes() > 0`,
    ).bind(newId("aud"), now, actor, id),
    env.DB.prepare(
      "UPDATE recon_scopes SET version = version + 1, updated_at = ?2 WHERE EXISTS (SELECT 1 FROM payer_aliases WHERE id = ?1 AND revoked_at = ?2)",
    ).bind(id, now),
  ]);
  return (upd.meta.changes ?? 0) > 0;
}

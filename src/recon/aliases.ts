import { NotFound } from "../platform/errors";
import { log } from "../platform/log";
import { aliasReason } from "./core/payer-alias";
import { listAliases, readAlias, revokeAlias, type AliasListRow } from "./store/aliases";

/**
 * Payer aliases as finance sees them (GET/DELETE /api/finance/payer-aliases): learned by manual
 * matches (src/recon/resolve.ts), applied by the matcher (core/payer-alias.ts), revoked by a person.
 */
export type PayerAliasView = {
  id: string;
  payer_key: string;
  payer_name: string;
  payer_account: string | null;
  customer_tax_id: string | null;
  customer_name: string;
  learned_from: { link_id: string; invoice_id: string; entry_key: string };
  reason: string;
  created_by: string;
  created_at: string;
  status: "LIVE" | "REVOKED";
  revoked_at: string | null;
  revoked_by: string | null;
};

function view(r: AliasListRow): PayerAliasView {
  return {
    id: r.id,
    payer_key: r.payer_key,
    payer_name: r.payer_name,
    payer_account: r.payer_account,
    customer_tax_id: r.customer_tax_id,
    customer_name: r.customer_name,
    learned_from: { link_id: r.source_link_id, invoice_id: r.invoice_id, entry_key: r.entry_key },
    reason: aliasReason(r),
    created_by: r.created_by,
    created_at: r.created_at,
    status: r.revoked_at ? "REVOKED" : "LIVE",
    revoked_at: r.revoked_at,
    revoked_by: r.revoked_by,
  };
}

export async function listPayerAliases(env: Env, f: { includeRevoked: boolean; after?: string; limit: number }) {
  const page = await listAliases(env, f);
  return { items: page.items.map(view), next: page.next };
}

/** Revokes an alias (idempotent: a revoked alias is returned as it is, nothing written twice). */
export async function revokePayerAlias(env: Env, id: string, actor: string): Promise<PayerAliasView> {
  const before = await readAlias(env, id);
  if (!before) throw new NotFound(`No payer alias ${id}`);
  if (!before.revoked_at) {
    const changed = await revokeAlias(env, id, actor, new Date().toISOString());
    if (changed) log({ event: "recon.alias_revoked", alias_id: id, actor, outcome: "revoked" });
  }
  const after = await readAlias(env, id);
  return view(after ?? before);
}

import { InvalidInput, NotFound } from "../platform/errors";
import { log } from "../platform/log";
import { newId } from "../platform/ids";
import { catalogSnippet, pastDealSnippet, ruleSnippet } from "./core/retrieval";
import { listCatalog, pageCatalog, productCurrency, readProduct, replaceTiers, retireProduct, upsertProduct } from "./store/catalog";
import { deleteRule, listRules, readRule, upsertRule } from "./store/discount-rules";
import { upsertPastDeal } from "./store/past-deals";
import { indexKnowledge } from "./store/vector";
import type { CatalogProduct, ProductFields, TierView } from "./store/catalog";
import type { RuleFields, RuleView } from "./store/discount-rules";
import type { PastDeal } from "./store/mirror";

/**
 * What the catalog and admin pricing routes call. These are the ONLY writers of products,
 * price_tiers and discount_rules (reconciliation adjusts stock); the negotiation code only reads
 * them through the read-only PricingPort. Retrieval is re-indexed after a write without holding
 * the answer (`waitUntil`).
 */
export type Background = (p: Promise<unknown>) => void;

export function catalogList(env: Env, includeInactive: boolean): Promise<CatalogProduct[]> {
  return listCatalog(env.DB, includeInactive);
}

/** The catalog one page at a time in sku order (GET /v1/products). */
export function catalogPage(env: Env, q: { includeInactive: boolean; afterSku?: string | undefined; limit: number }) {
  return pageCatalog(env.DB, q);
}

export async function saveProduct(
  env: Env,
  sku: string,
  p: ProductFields,
  actor: string | undefined,
  background: Background,
): Promise<{ product: CatalogProduct; created: boolean }> {
  const existed = await productCurrency(env.DB, sku);
  if (existed && existed.currency !== p.currency && existed.tiers > 0)
    throw new InvalidInput(`Product ${sku} has volume tiers in ${existed.currency}: replace its tiers before changing its currency`);
  await upsertProduct(env.DB, sku, p, actor ?? "unknown", !existed);
  log({ event: "pricing.product_upserted", sku, actor, created: !existed, outcome: "ok" });
  const product = await readProduct(env.DB, sku);
  if (!product) throw new Error("product vanished after upsert");
  background(
    indexKnowledge(env, [
      {
        kind: "catalog",
        id: sku,
        text: catalogSnippet(
          product,
          product.tiers.map((t) => ({ sku, ...t })),
        ).text,
      },
    ]),
  );
  return { product, created: !existed };
}

export async function retire(env: Env, sku: string, actor: string): Promise<CatalogProduct> {
  if (!(await readProduct(env.DB, sku))) throw new NotFound(`No product ${sku}`);
  await retireProduct(env.DB, sku, actor);
  const product = await readProduct(env.DB, sku);
  if (!product) throw new Error("product vanished after retire");
  return product;
}

/** A volume tier may not cost more than the list price. */
export async function saveTiers(env: Env, sku: string, tiers: TierView[], actor: string): Promise<CatalogProduct> {
  const product = await readProduct(env.DB, sku);
  if (!product) throw new NotFound(`No product ${sku}`);
  const dearer = tiers.filter((t) => t.unit_price_minor > product.unit_price_minor);
  if (dearer.length)
    throw new InvalidInput("A volume tier may not cost more than the list price", {
      errors: dearer.map((t) => ({
        path: `tiers.min_qty=${t.min_qty}`,
        message: `unit_price_minor ${t.unit_price_minor} > list ${product.unit_price_minor}`,
      })),
    });
  await replaceTiers(env.DB, sku, tiers, product.tiers, actor);
  const updated = await readProduct(env.DB, sku);
  if (!updated) throw new Error("product vanished after tier update");
  return updated;
}

export function rules(env: Env): Promise<RuleView[]> {
  return listRules(env.DB);
}

export async function saveRule(
  env: Env,
  id: string,
  r: RuleFields,
  actor: string | undefined,
  background: Background,
): Promise<{ rule: RuleView; created: boolean }> {
  const before = await readRule(env.DB, id);
  await upsertRule(env.DB, id, r, before, actor ?? "unknown");
  log({ event: "pricing.rule_upserted", rule_id: id, actor, outcome: "ok" });
  background(indexKnowledge(env, [{ kind: "pricing_rule", id, text: ruleSnippet({ id, ...r }).text }]));
  return { rule: { id, ...r }, created: !before };
}

export async function removeRule(env: Env, id: string, actor: string): Promise<{ deleted: string }> {
  const before = await readRule(env.DB, id);
  if (!before) throw new NotFound(`No discount rule ${id}`);
  await deleteRule(env.DB, id, before, actor);
  return { deleted: id };
}

export async function recordPastDeal(
  env: Env,
  d: Omit<PastDeal, "id"> & { id?: string | undefined },
  actor: string,
  background: Background,
): Promise<{ id: string }> {
  const id = d.id ?? newId("pd");
  await upsertPastDeal(env.DB, { ...d, id }, actor, d);
  background(indexKnowledge(env, [{ kind: "past_deal", id, text: pastDealSnippet({ ...d, id }).text }]));
  return { id };
}

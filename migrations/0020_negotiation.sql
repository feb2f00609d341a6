-- Negotiation layer (kept in sync by hand with src/db/schema/negotiation.ts). The FTS5 block at the
-- end is not expressible in drizzle: keep it as a custom migration if drizzle-kit regenerates.
CREATE TABLE `price_tiers` (
	`sku` text NOT NULL,
	`min_qty` integer NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`sku`, `min_qty`)
);
--> statement-breakpoint
CREATE TABLE `discount_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`segment` text NOT NULL,
	`min_deal_usd_minor` integer DEFAULT 0 NOT NULL,
	`min_term_months` integer DEFAULT 1 NOT NULL,
	`max_discount_bps` integer NOT NULL,
	`approval_above_bps` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deals` (
	`lead_id` text PRIMARY KEY NOT NULL,
	`company` text,
	`segment` text,
	`stage` text NOT NULL,
	`mode` text NOT NULL,
	`quote_total_minor` integer,
	`quote_currency` text,
	`quote_verdict` text,
	`opened_at` text NOT NULL,
	`stage_entered_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`won_at` text,
	`lost_at` text
);
--> statement-breakpoint
CREATE INDEX `deals_stage` ON `deals` (`stage`,`updated_at`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`total_minor` integer,
	`currency` text,
	`author` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text
);
--> statement-breakpoint
CREATE INDEX `proposals_lead` ON `proposals` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`reasons_json` text NOT NULL,
	`summary` text NOT NULL,
	`options_json` text NOT NULL,
	`status` text NOT NULL,
	`resolution` text,
	`resolved_by` text,
	`created_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `escalations_status` ON `escalations` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `escalations_lead` ON `escalations` (`lead_id`);--> statement-breakpoint
CREATE TABLE `past_deals` (
	`id` text PRIMARY KEY NOT NULL,
	`company` text NOT NULL,
	`segment` text NOT NULL,
	`outcome` text NOT NULL,
	`skus` text DEFAULT '' NOT NULL,
	`total_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`discount_bps` integer DEFAULT 0 NOT NULL,
	`term_months` integer DEFAULT 12 NOT NULL,
	`objections` text DEFAULT '' NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`closed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`draft_id` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_lead` ON `outbox` (`lead_id`);--> statement-breakpoint
-- Retrieval: one FTS5 index (BM25) over catalog entries, pricing rules and past deals. kind and ref_id
-- are stored, not indexed. Triggers keep it in sync with its three sources, whoever writes them.
CREATE VIRTUAL TABLE `knowledge_fts` USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'porter unicode61');
--> statement-breakpoint
CREATE TRIGGER `knowledge_products_ai` AFTER INSERT ON `products` BEGIN
	INSERT INTO knowledge_fts (kind, ref_id, title, body) VALUES ('catalog', new.sku, new.name, new.sku || ' ' || new.name || '. ' || new.description || ' Sold ' || new.unit || '.' || CASE WHEN new.active THEN '' ELSE ' Discontinued.' END);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_products_au` AFTER UPDATE OF `name`, `description`, `unit`, `active` ON `products` BEGIN
	DELETE FROM knowledge_fts WHERE kind = 'catalog' AND ref_id = old.sku;
	INSERT INTO knowledge_fts (kind, ref_id, title, body) VALUES ('catalog', new.sku, new.name, new.sku || ' ' || new.name || '. ' || new.description || ' Sold ' || new.unit || '.' || CASE WHEN new.active THEN '' ELSE ' Discontinued.' END);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_products_ad` AFTER DELETE ON `products` BEGIN
	DELETE FROM knowledge_fts WHERE kind = 'catalog' AND ref_id = old.sku;
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_rules_ai` AFTER INSERT ON `discount_rules` BEGIN
	INSERT INTO knowledge_fts (kind, ref_id, title, body) VALUES ('pricing_rule', new.id, 'Discount policy ' || new.segment, 'Discount policy for segment ' || new.segment || ' deals from ' || (new.min_deal_usd_minor / 100) || ' USD with a term of at least ' || new.min_term_months || ' months. ' || new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_rules_au` AFTER UPDATE ON `discount_rules` BEGIN
	DELETE FROM knowledge_fts WHERE kind = 'pricing_rule' AND ref_id = old.id;
	INSERT INTO knowledge_fts (kind, ref_id, title, body) VALUES ('pricing_rule', new.id, 'Discount policy ' || new.segment, 'Discount policy for segment ' || new.segment || ' deals from ' || (new.min_deal_usd_minor / 100) || ' USD with a term of at least ' || new.min_term_months || ' months. ' || new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_rules_ad` AFTER DELETE ON `discount_rules` BEGIN
	DELETE FROM knowledge_fts WHERE kind = 'pricing_rule' AND ref_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_past_deals_ai` AFTER INSERT ON `past_deals` BEGIN
	INSERT INTO knowledge_fts (kind, ref_id, title, body) VALUES ('past_deal', new.id, new.company || ' (' || new.outcome || ')', new.company || ' ' || new.segment || ' deal ' || new.outcome || ' for ' || new.skus || '. Objections: ' || new.objections || '. ' || new.summary);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_past_deals_au` AFTER UPDATE ON `past_deals` BEGIN
	DELETE FROM knowledge_fts WHERE kind = 'past_deal' AND ref_id = old.id;
	INSERT INTO knowledge_fts (kind, ref_id, title, body) VALUES ('past_deal', new.id, new.company || ' (' || new.outcome || ')', new.company || ' ' || new.segment || ' deal ' || new.outcome || ' for ' || new.skus || '. Objections: ' || new.objections || '. ' || new.summary);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_past_deals_ad` AFTER DELETE ON `past_deals` BEGIN
	DELETE FROM knowledge_fts WHERE kind = 'past_deal' AND ref_id = old.id;
END;
--> statement-breakpoint
-- Products that existed before this migration.
INSERT INTO knowledge_fts (kind, ref_id, title, body) SELECT 'catalog', sku, name, sku || ' ' || name || '. ' || description || ' Sold ' || unit || '.' || CASE WHEN active THEN '' ELSE ' Discontinued.' END FROM products;

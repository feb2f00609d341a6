-- Ingestion layer: leads (kept in sync by hand with src/db/schema/leads.ts) and the FX seed.
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`external_id` text,
	`content_sha256` text NOT NULL,
	`company` text,
	`contact_email` text,
	`contact_name` text,
	`employees` integer,
	`budget_amount_minor` integer,
	`budget_currency` text,
	`budget_usd_minor` integer,
	`timeline_weeks` integer,
	`intent` text,
	`products_json` text DEFAULT '[]' NOT NULL,
	`injection_attempt` integer DEFAULT false NOT NULL,
	`injection_evidence_json` text DEFAULT '[]' NOT NULL,
	`score` real NOT NULL,
	`score_breakdown_json` text NOT NULL,
	`qualified` integer NOT NULL,
	`stage` text NOT NULL,
	`stage_reason` text,
	`fields_json` text NOT NULL,
	`routing_status` text DEFAULT 'none' NOT NULL,
	`routed_at` text,
	`reference_date` text NOT NULL,
	`received_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_external_id_unique` ON `leads` (`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `leads_content_sha256_unique` ON `leads` (`content_sha256`);--> statement-breakpoint
CREATE INDEX `leads_stage_received` ON `leads` (`stage`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_score` ON `leads` (`score`);--> statement-breakpoint
CREATE INDEX `leads_received` ON `leads` (`received_at`,`id`);--> statement-breakpoint
-- FX rates to USD in parts per million (shared/data/leads/rates.json); admins may update them later.
INSERT OR IGNORE INTO `fx_rates` (`currency`, `usd_rate_ppm`, `updated_at`) VALUES
	('USD', 1000000, '2026-01-01T00:00:00.000Z'),
	('EUR', 1080000, '2026-01-01T00:00:00.000Z'),
	('GBP', 1270000, '2026-01-01T00:00:00.000Z');

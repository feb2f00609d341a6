CREATE TABLE `payer_aliases` (
	`id` text PRIMARY KEY NOT NULL,
	`payer_key` text NOT NULL,
	`payer_account` text,
	`payer_name` text NOT NULL,
	`customer_tax_id` text,
	`customer_name` text NOT NULL,
	`customer_key` text NOT NULL,
	`source_link_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`entry_key` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payer_aliases_live` ON `payer_aliases` (`payer_key`,`customer_key`) WHERE "payer_aliases"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX `payer_aliases_payer` ON `payer_aliases` (`payer_key`);
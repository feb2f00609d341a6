-- Reconciliation layer (kept in sync by hand with src/db/schema/recon.ts; statements from `drizzle-kit export`).
CREATE TABLE `bank_entries` (
	`natural_key` text PRIMARY KEY NOT NULL,
	`entry_ref` text,
	`bank_ref` text,
	`wire_id` text NOT NULL,
	`account` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`direction` text NOT NULL,
	`reversal` integer DEFAULT false NOT NULL,
	`booking_date` text NOT NULL,
	`value_date` text,
	`sender_name` text,
	`sender_tax_id` text,
	`remittance` text DEFAULT '' NOT NULL,
	`format` text NOT NULL,
	`import_id` text,
	`allocated_minor` integer DEFAULT 0 NOT NULL,
	`match_status` text DEFAULT 'PENDING' NOT NULL,
	`enqueued_at_ms` integer,
	`matched_at_ms` integer,
	`created_at` text NOT NULL,
	CONSTRAINT "bank_entries_allocation_bounded" CHECK("bank_entries"."allocated_minor" >= 0 AND "bank_entries"."allocated_minor" <= "bank_entries"."amount_minor")
);
--> statement-breakpoint
CREATE INDEX `bank_entries_currency_status` ON `bank_entries` (`currency`,`match_status`);
--> statement-breakpoint
CREATE INDEX `bank_entries_import` ON `bank_entries` (`import_id`);
--> statement-breakpoint
CREATE TABLE `discrepancies` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`entry_key` text,
	`wire_id` text,
	`invoice_ids_json` text DEFAULT '[]' NOT NULL,
	`import_id` text,
	`reason` text NOT NULL,
	`status` text DEFAULT 'OPEN' NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discrepancies_dedupe_key_unique` ON `discrepancies` (`dedupe_key`);
--> statement-breakpoint
CREATE INDEX `discrepancies_status` ON `discrepancies` (`status`,`id`);
--> statement-breakpoint
CREATE TABLE `import_chunks` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`items` integer NOT NULL,
	`inserted` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`done_at` text NOT NULL,
	PRIMARY KEY(`import_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`format` text NOT NULL,
	`status` text NOT NULL,
	`actor` text,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`total_items` integer NOT NULL,
	`chunks_total` integer NOT NULL,
	`chunks_done` integer DEFAULT 0 NOT NULL,
	`inserted_items` integer DEFAULT 0 NOT NULL,
	`duplicate_items` integer DEFAULT 0 NOT NULL,
	`links_written` integer DEFAULT 0 NOT NULL,
	`errors_json` text DEFAULT '[]' NOT NULL,
	`warnings_json` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text,
	`latency_ms` real
);
--> statement-breakpoint
CREATE INDEX `imports_created` ON `imports` (`created_at`);
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`invoice_id` text NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	PRIMARY KEY(`invoice_id`, `sku`)
);
--> statement-breakpoint
CREATE TABLE `invoice_status_history` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`paid_minor` integer NOT NULL,
	`reason` text,
	`actor` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoice_status_history_invoice` ON `invoice_status_history` (`invoice_id`,`at`);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_tax_id` text,
	`customer_name` text NOT NULL,
	`po_number` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`issue_date` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'UNPAID' NOT NULL,
	`status_reason` text,
	`paid_minor` integer DEFAULT 0 NOT NULL,
	`source` text DEFAULT 'upload' NOT NULL,
	`import_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoices_currency_status` ON `invoices` (`currency`,`status`);
--> statement-breakpoint
CREATE INDEX `invoices_customer` ON `invoices` (`customer_tax_id`);
--> statement-breakpoint
CREATE TABLE `purchase_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`supplier` text NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`reason` text NOT NULL,
	`trigger_invoice_id` text,
	`stock_after` integer,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_orders_open_draft` ON `purchase_orders` (`sku`) WHERE "purchase_orders"."status" = 'DRAFT';
--> statement-breakpoint
CREATE INDEX `purchase_orders_supplier` ON `purchase_orders` (`supplier`);
--> statement-breakpoint
CREATE TABLE `recon_links` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text,
	`entry_key` text NOT NULL,
	`wire_id` text NOT NULL,
	`allocated_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`confidence` real NOT NULL,
	`reason` text NOT NULL,
	`reasons_json` text DEFAULT '[]' NOT NULL,
	`customer_tax_id` text,
	`booking_date` text NOT NULL,
	`import_id` text,
	`created_at` text NOT NULL,
	`resolved_by` text,
	`resolved_at` text,
	`resolution_reason` text,
	CONSTRAINT "recon_links_amount" CHECK("recon_links"."allocated_minor" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recon_links_pair` ON `recon_links` (`invoice_id`,`entry_key`) WHERE "recon_links"."status" IN ('VERIFIED','MANUAL','REVIEW');
--> statement-breakpoint
CREATE UNIQUE INDEX `recon_links_unmatched` ON `recon_links` (`entry_key`) WHERE "recon_links"."status" = 'UNMATCHED';
--> statement-breakpoint
CREATE INDEX `recon_links_invoice` ON `recon_links` (`invoice_id`);
--> statement-breakpoint
CREATE INDEX `recon_links_entry` ON `recon_links` (`entry_key`);
--> statement-breakpoint
CREATE INDEX `recon_links_status` ON `recon_links` (`status`,`id`);
--> statement-breakpoint
CREATE INDEX `recon_links_created` ON `recon_links` (`created_at`,`id`);
--> statement-breakpoint
CREATE TABLE `recon_scopes` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` text,
	CONSTRAINT "recon_scopes_version" CHECK("recon_scopes"."version" >= 0)
);
--> statement-breakpoint
CREATE TABLE `stock_moves` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`sku` text NOT NULL,
	`qty_delta` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_moves_invoice_sku` ON `stock_moves` (`invoice_id`,`sku`);

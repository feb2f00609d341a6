CREATE TABLE `cash_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`status` text NOT NULL,
	`paid_minor` integer NOT NULL,
	`at` text NOT NULL,
	`delivered_at` text
);
--> statement-breakpoint
CREATE INDEX `cash_events_undelivered` ON `cash_events` (`delivered_at`);--> statement-breakpoint
CREATE TABLE `invoice_documents` (
	`invoice_id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`series` text NOT NULL,
	`periods` integer NOT NULL,
	`schedule` text NOT NULL,
	`payment_terms` text NOT NULL,
	`recipient` text,
	`remittance` text NOT NULL,
	`sent_at` text,
	`send_channel` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoice_documents_lead` ON `invoice_documents` (`lead_id`);--> statement-breakpoint
CREATE INDEX `invoice_documents_unsent` ON `invoice_documents` (`sent_at`);--> statement-breakpoint
CREATE TABLE `invoice_items` (
	`invoice_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	PRIMARY KEY(`invoice_id`, `line_no`)
);
--> statement-breakpoint
CREATE TABLE `invoice_series` (
	`series` text PRIMARY KEY NOT NULL,
	`last_no` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "invoice_series_cas" CHECK("invoice_series"."last_no" >= 0)
);
--> statement-breakpoint
ALTER TABLE `invoices` ADD `lead_id` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `deal_period` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_lead_period` ON `invoices` (`lead_id`,`deal_period`) WHERE "invoices"."deal_period" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `invoices_lead` ON `invoices` (`lead_id`);--> statement-breakpoint
-- Hand-written (drizzle-kit has no triggers): every status or paid move of a deal's invoice, and
-- linking an invoice to a deal, leaves a cash event in the same transaction as the write.
CREATE TRIGGER `invoices_cash_event` AFTER UPDATE OF `status`, `paid_minor`, `lead_id` ON `invoices`
WHEN NEW.`lead_id` IS NOT NULL AND (OLD.`status` IS NOT NEW.`status` OR OLD.`paid_minor` IS NOT NEW.`paid_minor` OR OLD.`lead_id` IS NOT NEW.`lead_id`)
BEGIN
  INSERT INTO `cash_events` (`invoice_id`, `lead_id`, `status`, `paid_minor`, `at`)
  VALUES (NEW.`id`, NEW.`lead_id`, NEW.`status`, NEW.`paid_minor`, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TABLE `payment_claims` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`source` text NOT NULL,
	`event_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`invoice_ref` text,
	`amount_minor` integer,
	`currency` text,
	`status` text DEFAULT 'open' NOT NULL,
	`data_json` text NOT NULL,
	`occurred_at` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_claims_event_id_unique` ON `payment_claims` (`event_id`);--> statement-breakpoint
CREATE INDEX `payment_claims_invoice` ON `payment_claims` (`invoice_ref`);--> statement-breakpoint
CREATE INDEX `payment_claims_received` ON `payment_claims` (`received_at`);--> statement-breakpoint
ALTER TABLE `events` ADD `event_json` text;--> statement-breakpoint
ALTER TABLE `events` ADD `requeues` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `requeued_at` text;
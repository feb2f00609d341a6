CREATE TABLE `activity` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`agent` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`outcome` text NOT NULL,
	`latency_ms` real,
	`detail_json` text
);
--> statement-breakpoint
CREATE INDEX `activity_at` ON `activity` (`at`);--> statement-breakpoint
CREATE INDEX `activity_agent` ON `activity` (`agent`,`at`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`reason` text,
	`detail_json` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`message_id` text NOT NULL,
	`attempts` integer NOT NULL,
	`error` text,
	`payload_json` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_message_id_unique` ON `dead_letters` (`message_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`vendor_event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`agent` text NOT NULL,
	`route` text NOT NULL,
	`status` text NOT NULL,
	`received_at` text NOT NULL,
	`latency_ms` real NOT NULL,
	`result_json` text NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_source_vendor_id` ON `events` (`source`,`vendor_event_id`);--> statement-breakpoint
CREATE INDEX `events_received_at` ON `events` (`received_at`);--> statement-breakpoint
CREATE TABLE `fx_rates` (
	`currency` text PRIMARY KEY NOT NULL,
	`usd_rate_ppm` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payment_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`event_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`amount_minor` integer,
	`currency` text,
	`data_json` text NOT NULL,
	`occurred_at` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_events_subject` ON `payment_events` (`subject_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`sku` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`unit` text DEFAULT 'per_unit' NOT NULL,
	`stock` integer,
	`reorder_point` integer,
	`reorder_qty` integer,
	`supplier` text,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);

CREATE TABLE `statements` (
	`id` text PRIMARY KEY NOT NULL,
	`import_id` text NOT NULL,
	`position` integer NOT NULL,
	`ref` text NOT NULL,
	`account` text,
	`currency` text,
	`lines` integer NOT NULL,
	`entries` integer NOT NULL,
	`zero_lines` integer NOT NULL,
	`rejected_lines` integer NOT NULL,
	`credit_minor` integer NOT NULL,
	`debit_minor` integer NOT NULL,
	`opening_minor` integer,
	`closing_minor` integer,
	`balance` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statements_import_position` ON `statements` (`import_id`,`position`);
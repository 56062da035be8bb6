CREATE TABLE `abuse_contacts` (
	`host` text PRIMARY KEY NOT NULL,
	`route` text NOT NULL,
	`found_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `url_check_schedule` (
	`item_id` text PRIMARY KEY NOT NULL,
	`next_check_at` integer NOT NULL,
	`last_checked_at` integer,
	`last_outcome` text,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `url_check_schedule_due_idx` ON `url_check_schedule` (`next_check_at`);--> statement-breakpoint
CREATE TABLE `url_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` text NOT NULL,
	`checked_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`status_code` integer,
	`content_hash` text,
	`detail` text,
	`duration_ms` integer,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `url_checks_item_idx` ON `url_checks` (`item_id`,`checked_at`);--> statement-breakpoint
CREATE INDEX `submissions_updated_idx` ON `submissions` (`updated_at`);
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`request_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_request_idx` ON `audit_log` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `login` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `password_hash` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `failed_sign_ins` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `locked_until` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_login_uq` ON `accounts` (`login`);--> statement-breakpoint
CREATE INDEX `requests_active_queue_idx` ON `requests` ("urgent" desc,"overdue" desc,`created_at`,`id`) WHERE status IN ('open', 'in_progress', 'partially_resolved', 'needs_attention');--> statement-breakpoint
CREATE INDEX `requests_status_queue_idx` ON `requests` (`status`,"urgent" desc,"overdue" desc,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_category_queue_idx` ON `requests` (`category`,"urgent" desc,"overdue" desc,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `submissions_platform_idx` ON `submissions` (`platform_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `submissions_channel_idx` ON `submissions` (`channel`,`request_id`);--> statement-breakpoint
CREATE INDEX `submissions_manual_idx` ON `submissions` ("priority" desc,`created_at`) WHERE status = 'manual_pending';
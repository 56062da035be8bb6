CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`request_id` text NOT NULL,
	`submission_id` text,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_expires_at` integer,
	`webhook_sent_at` integer,
	`email_sent_at` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_dedupe_uq` ON `alerts` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `alerts_due_idx` ON `alerts` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`submission_id` text NOT NULL,
	`request_id` text NOT NULL,
	`n` integer NOT NULL,
	`clock` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_expires_at` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_submission_n_uq` ON `reminders` (`submission_id`,`n`);--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `submissions` ADD `overdue` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `submissions` ADD `send_escalated_at` integer;--> statement-breakpoint
ALTER TABLE `submissions` ADD `acknowledge_escalated_at` integer;--> statement-breakpoint
ALTER TABLE `submissions` ADD `remove_escalated_at` integer;--> statement-breakpoint
ALTER TABLE `submissions` ADD `reminders` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `submissions` ADD `status_checks` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `submissions` ADD `next_status_check_at` integer;
CREATE TABLE `abuse_contacts` (
	`host` text PRIMARY KEY NOT NULL,
	`route` text NOT NULL,
	`found_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	`login` text,
	`password_hash` text,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_login_uq` ON `accounts` (`login`);--> statement-breakpoint
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
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_keys_account_idx` ON `api_keys` (`account_id`);--> statement-breakpoint
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
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`submission_id` text,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`platform_id` text,
	`detail` text,
	`actor` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_request_idx` ON `events` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key_hash` text PRIMARY KEY NOT NULL,
	`body_hash` text NOT NULL,
	`request_id` text NOT NULL,
	`response_sealed` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `items` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`submission_id` text NOT NULL,
	`position` integer NOT NULL,
	`url` text NOT NULL,
	`host` text NOT NULL,
	`platform_id` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `items_request_idx` ON `items` (`request_id`,`position`);--> statement-breakpoint
CREATE INDEX `items_submission_idx` ON `items` (`submission_id`);--> statement-breakpoint
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
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`status_token_hash` text NOT NULL,
	`category` text NOT NULL,
	`urgent` integer NOT NULL,
	`minor_involved` integer NOT NULL,
	`locale` text NOT NULL,
	`reporter_role` text,
	`reporter_sealed` text,
	`explanation_sealed` text,
	`good_faith` integer NOT NULL,
	`account_id` text,
	`status` text NOT NULL,
	`overdue` integer DEFAULT false NOT NULL,
	`review_reason` text,
	`withdrawn_at` integer,
	`closed_at` integer,
	`personal_data_purged_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `requests_reference_uq` ON `requests` (`reference`);--> statement-breakpoint
CREATE INDEX `requests_account_idx` ON `requests` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_queue_idx` ON `requests` ("urgent" desc,"overdue" desc,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_status_idx` ON `requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_retention_idx` ON `requests` (`closed_at`) WHERE personal_data_purged_at IS NULL;--> statement-breakpoint
CREATE INDEX `requests_active_queue_idx` ON `requests` ("urgent" desc,"overdue" desc,`created_at`,`id`) WHERE status IN ('open', 'in_progress', 'partially_resolved', 'needs_attention');--> statement-breakpoint
CREATE INDEX `requests_status_queue_idx` ON `requests` (`status`,"urgent" desc,"overdue" desc,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_category_queue_idx` ON `requests` (`category`,"urgent" desc,"overdue" desc,`created_at`,`id`);--> statement-breakpoint
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
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`platform_id` text NOT NULL,
	`channel` text NOT NULL,
	`notice_id` text NOT NULL,
	`priority` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_owner` text,
	`lease_expires_at` integer,
	`ticket_id` text,
	`last_error` text,
	`submitted_at` integer,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`overdue` integer DEFAULT false NOT NULL,
	`send_escalated_at` integer,
	`acknowledge_escalated_at` integer,
	`remove_escalated_at` integer,
	`remove_repeats` integer DEFAULT 0 NOT NULL,
	`reminders` integer DEFAULT 0 NOT NULL,
	`status_checks` integer DEFAULT 0 NOT NULL,
	`next_status_check_at` integer,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_notice_uq` ON `submissions` (`notice_id`);--> statement-breakpoint
CREATE INDEX `submissions_platform_idx` ON `submissions` (`platform_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `submissions_channel_idx` ON `submissions` (`channel`,`request_id`);--> statement-breakpoint
CREATE INDEX `submissions_manual_idx` ON `submissions` ("priority" desc,`created_at`) WHERE status = 'manual_pending';--> statement-breakpoint
CREATE INDEX `submissions_request_idx` ON `submissions` (`request_id`);--> statement-breakpoint
CREATE INDEX `submissions_due_idx` ON `submissions` (`status`,`priority`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `submissions_overdue_idx` ON `submissions` (`overdue`,`status`);--> statement-breakpoint
CREATE INDEX `submissions_platform_due_idx` ON `submissions` (`status`,`priority`,`platform_id`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `submissions_updated_idx` ON `submissions` (`updated_at`);--> statement-breakpoint
CREATE INDEX `submissions_lease_idx` ON `submissions` (`lease_expires_at`) WHERE status = 'sending';--> statement-breakpoint
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
CREATE TABLE `webhook_receipts` (
	`platform_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_receipts_uq` ON `webhook_receipts` (`platform_id`,`webhook_id`);--> statement-breakpoint
CREATE INDEX `webhook_receipts_received_idx` ON `webhook_receipts` (`received_at`);
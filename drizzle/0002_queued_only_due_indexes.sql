DROP INDEX `submissions_due_idx`;--> statement-breakpoint
DROP INDEX `submissions_platform_due_idx`;--> statement-breakpoint
CREATE INDEX `submissions_due_idx` ON `submissions` (`priority`,`next_attempt_at`,`platform_id`,`id`) WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX `submissions_platform_due_idx` ON `submissions` (`priority`,`platform_id`,`next_attempt_at`,`id`) WHERE status = 'queued';
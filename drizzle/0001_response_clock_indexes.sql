-- drizzle-kit wrote the coalesce() key of the two clock indexes as quoted column names; the key is written here by hand.
DROP INDEX `submissions_overdue_idx`;--> statement-breakpoint
CREATE INDEX `submissions_send_clock_idx` ON `submissions` (`created_at`) WHERE status IN ('queued', 'sending', 'manual_pending') AND send_escalated_at IS NULL;--> statement-breakpoint
CREATE INDEX `submissions_acknowledge_clock_idx` ON `submissions` (coalesce("submitted_at", "created_at")) WHERE status = 'submitted' AND acknowledged_at IS NULL AND acknowledge_escalated_at IS NULL;--> statement-breakpoint
CREATE INDEX `submissions_remove_clock_idx` ON `submissions` (coalesce("submitted_at", "created_at")) WHERE status IN ('submitted', 'acknowledged') AND remove_escalated_at IS NULL;--> statement-breakpoint
CREATE INDEX `submissions_overdue_idx` ON `submissions` (`overdue`) WHERE overdue = 1;
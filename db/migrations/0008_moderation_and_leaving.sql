CREATE TABLE `appeals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	`answered_by` text,
	`answer` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeals_one_open` ON `appeals` (`user_id`) WHERE "appeals"."status" = 'open';--> statement-breakpoint
CREATE INDEX `appeals_status_idx` ON `appeals` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`subject_kind` text,
	`subject_id` text,
	`member_id` text,
	`reason` text DEFAULT '' NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_member_idx` ON `audit_log` (`member_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`subject_owner_id` text NOT NULL,
	`request_id` text,
	`reporter_id` text,
	`reason` text NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`snapshot` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution` text,
	FOREIGN KEY (`subject_owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_one_per_reporter` ON `reports` (`reporter_id`,`subject_kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `reports_status_idx` ON `reports` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_subject_idx` ON `reports` (`subject_kind`,`subject_id`,`status`);--> statement-breakpoint
CREATE INDEX `reports_owner_idx` ON `reports` (`subject_owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_request_idx` ON `reports` (`request_id`,`status`);--> statement-breakpoint
CREATE INDEX `reports_reporter_idx` ON `reports` (`reporter_id`,`created_at`);--> statement-breakpoint
DROP TABLE `request_reports`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_mentoring_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`requester_id` text,
	`recipient_id` text,
	`open_call` integer DEFAULT false NOT NULL,
	`skill_id` integer NOT NULL,
	`kind` text NOT NULL,
	`reverse_auto` integer DEFAULT false NOT NULL,
	`want` text NOT NULL,
	`tried` text DEFAULT '' NOT NULL,
	`outcome` text DEFAULT '' NOT NULL,
	`format` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`timezone` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`session_starts_at` integer,
	`session_zone` text,
	`close_reason` text,
	`closed_by` text,
	`first_answered_at` integer,
	`accepted_at` integer,
	`closed_at` integer,
	`expires_at` integer NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`reminder_sent_at` integer,
	`expiry_warned_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "mentoring_requests_duration_range" CHECK("__new_mentoring_requests"."duration_minutes" BETWEEN 5 AND 480)
);
--> statement-breakpoint
INSERT INTO `__new_mentoring_requests`("id", "requester_id", "recipient_id", "open_call", "skill_id", "kind", "reverse_auto", "want", "tried", "outcome", "format", "duration_minutes", "timezone", "state", "session_starts_at", "session_zone", "close_reason", "closed_by", "first_answered_at", "accepted_at", "closed_at", "expires_at", "sequence", "reminder_sent_at", "expiry_warned_at", "created_at", "updated_at") SELECT "id", "requester_id", "recipient_id", "open_call", "skill_id", "kind", "reverse_auto", "want", "tried", "outcome", "format", "duration_minutes", "timezone", "state", "session_starts_at", "session_zone", "close_reason", "closed_by", "first_answered_at", "accepted_at", "closed_at", "expires_at", "sequence", "reminder_sent_at", "expiry_warned_at", "created_at", "updated_at" FROM `mentoring_requests`;--> statement-breakpoint
DROP TABLE `mentoring_requests`;--> statement-breakpoint
ALTER TABLE `__new_mentoring_requests` RENAME TO `mentoring_requests`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `mentoring_requests_requester_idx` ON `mentoring_requests` (`requester_id`,`state`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_recipient_idx` ON `mentoring_requests` (`recipient_id`,`state`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_state_expiry_idx` ON `mentoring_requests` (`state`,`expires_at`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_skill_idx` ON `mentoring_requests` (`skill_id`,`state`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_created_idx` ON `mentoring_requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_unanswered_idx` ON `mentoring_requests` (`skill_id`,`created_at`,`requester_id`) WHERE "mentoring_requests"."first_answered_at" is null and "mentoring_requests"."state" in ('expired', 'withdrawn');--> statement-breakpoint
CREATE INDEX `mentoring_requests_answered_idx` ON `mentoring_requests` (`created_at`,`first_answered_at`,`skill_id`) WHERE "mentoring_requests"."first_answered_at" is not null;--> statement-breakpoint
ALTER TABLE `users` ADD `suspended_until` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `deletion_due_at` integer;--> statement-breakpoint
CREATE INDEX `users_deletion_due_idx` ON `users` (`deletion_due_at`);--> statement-breakpoint
CREATE INDEX `users_suspended_until_idx` ON `users` (`suspended_until`);--> statement-breakpoint
ALTER TABLE `events` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `reading_lists` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `profiles` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `request_messages` ADD `hidden_at` integer;
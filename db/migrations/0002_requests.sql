CREATE TABLE `endorsements` (
	`request_id` text PRIMARY KEY NOT NULL,
	`endorser_id` text NOT NULL,
	`endorsee_id` text NOT NULL,
	`skill_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`endorser_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`endorsee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `endorsements_endorsee_idx` ON `endorsements` (`endorsee_id`,`skill_id`);--> statement-breakpoint
CREATE TABLE `mentoring_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`requester_id` text NOT NULL,
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
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "mentoring_requests_duration_range" CHECK("mentoring_requests"."duration_minutes" BETWEEN 5 AND 480)
);
--> statement-breakpoint
CREATE INDEX `mentoring_requests_requester_idx` ON `mentoring_requests` (`requester_id`,`state`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_recipient_idx` ON `mentoring_requests` (`recipient_id`,`state`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_state_expiry_idx` ON `mentoring_requests` (`state`,`expires_at`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_skill_idx` ON `mentoring_requests` (`skill_id`,`state`);--> statement-breakpoint
CREATE TABLE `mentorship_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`kind` text NOT NULL,
	`goal_id` integer,
	`text` text NOT NULL,
	`due_on` text,
	`done_at` integer,
	`done_by` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `mentorship_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`done_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mentorship_items_request_idx` ON `mentorship_items` (`request_id`,`kind`);--> statement-breakpoint
CREATE TABLE `request_feedback` (
	`request_id` text NOT NULL,
	`author_id` text NOT NULL,
	`rating` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`request_id`, `author_id`),
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "request_feedback_rating_range" CHECK("request_feedback"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE `request_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`author_id` text,
	`kind` text DEFAULT 'message' NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `request_messages_request_idx` ON `request_messages` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `request_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`reporter_id` text,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `request_reports_request_idx` ON `request_reports` (`request_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `request_reports_open_idx` ON `request_reports` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `request_slots` (
	`request_id` text NOT NULL,
	`position` integer NOT NULL,
	`starts_at` integer NOT NULL,
	PRIMARY KEY(`request_id`, `position`),
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `member_blocks` (
	`blocker_id` text NOT NULL,
	`blocked_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`blocker_id`, `blocked_id`),
	FOREIGN KEY (`blocker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`blocked_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_blocks_blocked_idx` ON `member_blocks` (`blocked_id`);
CREATE TABLE `availability_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`timezone` text NOT NULL,
	`session_minutes` integer NOT NULL,
	`buffer_minutes` integer DEFAULT 0 NOT NULL,
	`horizon_days` integer NOT NULL,
	`weekly_cap` integer NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "availability_session_range" CHECK("availability_settings"."session_minutes" BETWEEN 15 AND 240),
	CONSTRAINT "availability_buffer_range" CHECK("availability_settings"."buffer_minutes" BETWEEN 0 AND 120),
	CONSTRAINT "availability_horizon_range" CHECK("availability_settings"."horizon_days" BETWEEN 1 AND 90),
	CONSTRAINT "availability_cap_range" CHECK("availability_settings"."weekly_cap" BETWEEN 1 AND 40)
);
--> statement-breakpoint
CREATE TABLE `availability_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "availability_windows_weekday" CHECK("availability_windows"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "availability_windows_range" CHECK("availability_windows"."start_minute" >= 0 AND "availability_windows"."end_minute" <= 1440 AND "availability_windows"."start_minute" < "availability_windows"."end_minute")
);
--> statement-breakpoint
CREATE INDEX `availability_windows_user_idx` ON `availability_windows` (`user_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `digest_entries` (
	`notification_id` integer PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`digest_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `digest_entries_user_idx` ON `digest_entries` (`user_id`,`digest_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`frequency` text NOT NULL,
	`item_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`failed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digests_one_pending_idx` ON `digests` (`user_id`) WHERE sent_at IS NULL AND failed_at IS NULL;--> statement-breakpoint
CREATE INDEX `digests_user_sent_idx` ON `digests` (`user_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `email_preferences` (
	`user_id` text NOT NULL,
	`category` text NOT NULL,
	`mode` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `category`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `event_series` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`organizer_id` text NOT NULL,
	`timezone` text NOT NULL,
	`frequency` text NOT NULL,
	`interval` integer DEFAULT 1 NOT NULL,
	`nth` integer,
	`start_time` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`first_date` text NOT NULL,
	`until_date` text NOT NULL,
	`continues_id` text,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organizer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_series_interval_range" CHECK("event_series"."interval" BETWEEN 1 AND 12),
	CONSTRAINT "event_series_duration_positive" CHECK("event_series"."duration_minutes" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_series_slug_unique` ON `event_series` (`slug`);--> statement-breakpoint
CREATE INDEX `event_series_organizer_idx` ON `event_series` (`organizer_id`);--> statement-breakpoint
CREATE TABLE `series_occurrences` (
	`series_id` text NOT NULL,
	`original_starts_at` integer NOT NULL,
	`event_id` text,
	`detached` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`series_id`, `original_starts_at`),
	FOREIGN KEY (`series_id`) REFERENCES `event_series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_occurrences_event_unique` ON `series_occurrences` (`event_id`);--> statement-breakpoint
CREATE TABLE `follow_announcements` (
	`item_type` text NOT NULL,
	`item_id` text NOT NULL,
	`reached` integer DEFAULT 0 NOT NULL,
	`announced_at` integer NOT NULL,
	PRIMARY KEY(`item_type`, `item_id`)
);
--> statement-breakpoint
CREATE TABLE `member_follows` (
	`user_id` text NOT NULL,
	`followed_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `followed_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`followed_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_follows_followed_idx` ON `member_follows` (`followed_id`);--> statement-breakpoint
CREATE TABLE `topic_follows` (
	`user_id` text NOT NULL,
	`skill_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `skill_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `topic_follows_skill_idx` ON `topic_follows` (`skill_id`);--> statement-breakpoint
CREATE TABLE `checkin_reminders` (
	`item_id` integer PRIMARY KEY NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `mentorship_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mentoring_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`position` integer NOT NULL,
	`helper_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`timezone` text NOT NULL,
	`state` text NOT NULL,
	`proposed_by` text,
	`booked` integer DEFAULT false NOT NULL,
	`move_starts_at` integer,
	`move_timezone` text,
	`move_by` text,
	`close_reason` text,
	`closed_by` text,
	`sequence` integer DEFAULT 0 NOT NULL,
	`reminder_sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`helper_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`move_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mentoring_sessions_request_position_unique` ON `mentoring_sessions` (`request_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `mentoring_sessions_helper_start_unique` ON `mentoring_sessions` (`helper_id`,`starts_at`) WHERE state IN ('proposed', 'scheduled', 'moving');--> statement-breakpoint
CREATE INDEX `mentoring_sessions_request_idx` ON `mentoring_sessions` (`request_id`,`state`);--> statement-breakpoint
CREATE INDEX `mentoring_sessions_state_start_idx` ON `mentoring_sessions` (`state`,`starts_at`);--> statement-breakpoint
CREATE INDEX `mentoring_sessions_helper_idx` ON `mentoring_sessions` (`helper_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `site_keys` (
	`name` text PRIMARY KEY NOT NULL,
	`secret` blob NOT NULL,
	`created_at` integer NOT NULL
);

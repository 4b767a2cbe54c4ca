CREATE TABLE `event_feedback` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`rating` integer NOT NULL,
	`worked` text DEFAULT '' NOT NULL,
	`improve` text DEFAULT '' NOT NULL,
	`signed` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_feedback_rating_range" CHECK("event_feedback"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE INDEX `event_feedback_created_idx` ON `event_feedback` (`created_at`);--> statement-breakpoint
CREATE TABLE `event_feedback_topics` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`skill_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`, `skill_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_feedback_topics_skill_idx` ON `event_feedback_topics` (`skill_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `learner_notices` (
	`event_id` text PRIMARY KEY NOT NULL,
	`skill_id` integer NOT NULL,
	`sent_by` text,
	`recipients` integer DEFAULT 0 NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `notice_opt_outs` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notice_opt_outs_kind_idx` ON `notice_opt_outs` (`kind`);--> statement-breakpoint
CREATE TABLE `mentoring_retrospectives` (
	`request_id` text NOT NULL,
	`author_id` text NOT NULL,
	`goals_met` text NOT NULL,
	`learned` text DEFAULT '' NOT NULL,
	`would_repeat` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`request_id`, `author_id`),
	FOREIGN KEY (`request_id`) REFERENCES `mentoring_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mentoring_retrospectives_author_idx` ON `mentoring_retrospectives` (`author_id`);--> statement-breakpoint
CREATE INDEX `mentoring_retrospectives_created_idx` ON `mentoring_retrospectives` (`created_at`);--> statement-breakpoint
ALTER TABLE `events` ADD `check_in_code` text;--> statement-breakpoint
ALTER TABLE `events` ADD `feedback_requested_at` integer;--> statement-breakpoint
CREATE INDEX `events_feedback_due_idx` ON `events` (`feedback_requested_at`,`ends_at`);--> statement-breakpoint
ALTER TABLE `rsvps` ADD `attended_at` integer;--> statement-breakpoint
ALTER TABLE `rsvps` ADD `check_in_method` text;--> statement-breakpoint
CREATE INDEX `mentoring_requests_created_idx` ON `mentoring_requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `mentoring_requests_unanswered_idx` ON `mentoring_requests` (`skill_id`,`created_at`,`requester_id`) WHERE "mentoring_requests"."first_answered_at" is null and "mentoring_requests"."state" in ('expired', 'withdrawn');--> statement-breakpoint
CREATE INDEX `mentoring_requests_answered_idx` ON `mentoring_requests` (`created_at`,`first_answered_at`,`skill_id`) WHERE "mentoring_requests"."first_answered_at" is not null;--> statement-breakpoint
CREATE INDEX `request_feedback_created_idx` ON `request_feedback` (`created_at`);
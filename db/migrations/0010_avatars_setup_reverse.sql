CREATE TABLE `avatar_images` (
	`user_id` text NOT NULL,
	`size` integer NOT NULL,
	`key` text NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `size`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `profiles` ADD `avatar_key` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `set_up_at` integer;--> statement-breakpoint
ALTER TABLE `mentoring_requests` ADD `reverse` integer DEFAULT false NOT NULL;
ALTER TABLE `event_people` ADD `status` text DEFAULT 'invited' NOT NULL;--> statement-breakpoint
ALTER TABLE `event_people` ADD `responded_at` integer;
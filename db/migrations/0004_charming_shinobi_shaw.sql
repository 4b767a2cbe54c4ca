CREATE TABLE `search_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`index_name` text NOT NULL,
	`entity_id` text NOT NULL,
	`changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_changes_changed_idx` ON `search_changes` (`changed_at`);--> statement-breakpoint
CREATE INDEX `search_changes_index_seq_idx` ON `search_changes` (`index_name`,`seq`);
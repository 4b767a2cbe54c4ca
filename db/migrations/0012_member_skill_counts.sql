ALTER TABLE `skills` ADD `member_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `profiles_languages_idx` ON `profiles` (`languages`);--> statement-breakpoint
UPDATE `skills` SET `member_count` = (SELECT count(*) FROM `member_skills` WHERE `member_skills`.`skill_id` = `skills`.`id`);--> statement-breakpoint
CREATE TRIGGER `member_skills_count_insert` AFTER INSERT ON `member_skills` BEGIN
  UPDATE `skills` SET `member_count` = `member_count` + 1 WHERE `id` = NEW.`skill_id`;
END;--> statement-breakpoint
CREATE TRIGGER `member_skills_count_delete` AFTER DELETE ON `member_skills` BEGIN
  UPDATE `skills` SET `member_count` = `member_count` - 1 WHERE `id` = OLD.`skill_id`;
END;--> statement-breakpoint
CREATE TRIGGER `member_skills_count_move` AFTER UPDATE OF `skill_id` ON `member_skills`
WHEN NEW.`skill_id` IS NOT OLD.`skill_id` BEGIN
  UPDATE `skills` SET `member_count` = `member_count` - 1 WHERE `id` = OLD.`skill_id`;
  UPDATE `skills` SET `member_count` = `member_count` + 1 WHERE `id` = NEW.`skill_id`;
END;

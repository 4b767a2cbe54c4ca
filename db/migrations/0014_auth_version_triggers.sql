-- Session validation may reuse what it read while this version stays the same: every
-- change to a column it reads raises it, whichever connection or process makes it.
-- Activity moving forward (last_verified_at, ip) and the device name do not: a process
-- that remembers an older activity time writes its own within the hour, and an older
-- time never ends a session sooner than the idle timeout. Activity set back does.
INSERT INTO `auth_version` (`id`, `version`) VALUES (1, 0) ON CONFLICT DO NOTHING;--> statement-breakpoint
CREATE TRIGGER `auth_version_sessions_delete` AFTER DELETE ON `sessions` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_sessions_update` AFTER UPDATE OF `id`, `user_id`, `secret_hash`, `created_at`, `expires_at` ON `sessions` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_sessions_activity_back` AFTER UPDATE OF `last_verified_at` ON `sessions`
WHEN NEW.`last_verified_at` < OLD.`last_verified_at` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_users_delete` AFTER DELETE ON `users` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_users_update` AFTER UPDATE OF `id`, `email`, `handle`, `display_name`, `role`, `email_verified_at`, `suspended_at` ON `users` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_profiles_insert` AFTER INSERT ON `profiles` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_profiles_delete` AFTER DELETE ON `profiles` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `auth_version_profiles_update` AFTER UPDATE OF `user_id`, `timezone`, `visibility`, `avatar_key` ON `profiles` BEGIN
  UPDATE `auth_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;

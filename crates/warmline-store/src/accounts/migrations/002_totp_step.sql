-- The last TOTP step a code was accepted for: a code works once, not again within the
-- minute or so it stays valid.
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

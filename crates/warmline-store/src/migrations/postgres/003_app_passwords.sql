-- Passwords for devices, as SQLite's migration 017: a name per device, the argon2id hash,
-- when it was made and last used. The key leads with the account, and the account's
-- row-level security applies as on every other table.
CREATE TABLE app_passwords (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    name       text NOT NULL,
    hash       text NOT NULL,
    created_at bigint NOT NULL,
    last_used  bigint,
    PRIMARY KEY (account_id, name)
);
ALTER TABLE app_passwords ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_passwords FORCE ROW LEVEL SECURITY;
CREATE POLICY account ON app_passwords USING (account_id = warmline_account())
    WITH CHECK (account_id = warmline_account());
GRANT SELECT, INSERT, UPDATE, DELETE ON app_passwords TO warmline_app;

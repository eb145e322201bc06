-- Passwords for devices (a phone's address book, a calendar app): each has a name the
-- person chose, is stored only as its argon2id hash, and remembers when it was last used,
-- so a forgotten device can be recognised and revoked. A CardDAV or CalDAV client signs
-- in with one of these, never with the account's own password or a browser session.
CREATE TABLE IF NOT EXISTS app_passwords (
    name       TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used  INTEGER
);

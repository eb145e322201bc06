-- The account registry of a hosted server: who may log in, and the state of their logins.
-- Every person's network lives in a database file of its own (accounts/<id>.db); nothing
-- here holds any of it. Times are Unix seconds.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    -- The address as compared: lower case, so Dana@X and dana@x are one account.
    email_key     TEXT NOT NULL UNIQUE,
    is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    -- An argon2id PHC string; NULL until the person sets a password from their link.
    password_hash TEXT,
    -- The TOTP secret (base32) once the second factor is on; the one being set up waits
    -- in totp_pending until a code from it is typed.
    totp_secret   TEXT,
    totp_pending  TEXT,
    created_at    INTEGER NOT NULL
);

-- A session is known by the SHA-256 of its cookie value: a copy of this file opens no
-- session.
CREATE TABLE sessions (
    id_hash     TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    -- 1 while the password was right but the second factor is still to be typed.
    pending_totp INTEGER NOT NULL DEFAULT 0 CHECK (pending_totp IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions(account_id);

-- Links that set a password (an invitation, a reset), kept hashed like sessions.
CREATE TABLE one_time_links (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX one_time_links_account ON one_time_links(account_id);

-- Failed logins, per account and per address, for the growing delay between attempts.
CREATE TABLE account_failures (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    failures    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL
);
CREATE TABLE address_failures (
    address     TEXT PRIMARY KEY,
    failures    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL
) WITHOUT ROWID;

-- Recovery codes for a lost second factor, hashed; each works once.
CREATE TABLE recovery_codes (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    PRIMARY KEY (account_id, code_hash)
) WITHOUT ROWID;

-- The server's own settings (open signup).
CREATE TABLE server_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

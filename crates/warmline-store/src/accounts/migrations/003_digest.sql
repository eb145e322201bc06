-- The daily digest by e-mail: each account's choice (on or off, the time of day, the
-- weekdays as bits, Monday first), the day it last went and when a round last failed
-- (the account's local time, 'YYYY-MM-DD HH:MM'), and every attempt to send it, so
-- that a failed digest is never silent.
CREATE TABLE digest_prefs (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    enabled     INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    send_at     TEXT NOT NULL DEFAULT '07:30',
    days        INTEGER NOT NULL DEFAULT 31 CHECK (days BETWEEN 0 AND 127),
    last_sent   TEXT,
    last_failed TEXT
);

CREATE TABLE digest_attempts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- Unix seconds.
    at          INTEGER NOT NULL,
    -- 1 for the first attempt of a round.
    attempt     INTEGER NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error       TEXT
);
CREATE INDEX digest_attempts_account ON digest_attempts(account_id, at);
CREATE INDEX digest_attempts_at ON digest_attempts(at);

-- What each capture a device sent became, by the id the device gave it: an entry queued
-- on a phone while offline may be sent again (the answer lost on the way, two tabs
-- sending at once), and a second arrival must create nothing and answer with what the
-- first created. `kind` names the form (`met`); `person_id` is who it was about.
CREATE TABLE IF NOT EXISTS client_entries (
    client_id  TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    person_id  INTEGER NOT NULL,
    created_on TEXT NOT NULL
);

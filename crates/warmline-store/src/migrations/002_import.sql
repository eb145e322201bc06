-- What imports need to recognise a person again and to notice what changed.

-- Address-book identities (vCard UID) of a person; a person merged from several cards
-- keeps every UID, so re-importing any of those cards finds them.
CREATE TABLE person_uids (
    uid       TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE
);
CREATE INDEX person_uids_person ON person_uids(person_id);

-- The company and position the last LinkedIn export said, per person: a job change is a
-- difference between two exports, never between an export and what the user typed.
CREATE TABLE linkedin_profiles (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    company   TEXT,
    position  TEXT,
    seen_on   TEXT NOT NULL
);

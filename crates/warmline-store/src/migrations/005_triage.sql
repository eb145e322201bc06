-- Sorting an imported network. An import brings people without a tier or cadence; those
-- with signs of a real tie await triage until they get a rhythm or are left without one
-- on purpose (`warmline tier none`), which this table remembers so they are not proposed
-- again. Written to be safe to run again, like the tests that rewind a database's version.
CREATE TABLE IF NOT EXISTS no_rhythm (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    decided_on TEXT NOT NULL
);
-- Only people without a rhythm, with the columns that say whether they have a tie, so
-- that `today` counts those awaiting triage without reading anyone who has a rhythm, nor
-- a table row (the tier and cadence, always empty here, make the index covering).
CREATE INDEX IF NOT EXISTS people_rhythmless
    ON people(last_contact, met_on, met_event_id, met_context, tier, cadence_days)
    WHERE tier IS NULL AND cadence_days IS NULL;
-- Whether someone is in a goal's pipeline or on a job, asked per person.
CREATE INDEX IF NOT EXISTS goal_people_person ON goal_people(person_id, stage);
CREATE INDEX IF NOT EXISTS opportunity_people_person ON opportunity_people(person_id, role);

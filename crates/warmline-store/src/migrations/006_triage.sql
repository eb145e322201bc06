-- Sorting an imported network. An import brings people without a tier or cadence; those
-- with signs of a real tie await triage until they get a rhythm or are left without one
-- on purpose (`warmline tier none`), which this table remembers so they are not proposed
-- again. Written to be safe to run again, like the tests that rewind a database's version.
CREATE TABLE IF NOT EXISTS no_rhythm (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    decided_on TEXT NOT NULL
);
-- People without a rhythm split in two, so that `today` reads only those awaiting
-- triage, never everyone an import brought: those with a sign of a tie on their own row
-- (an interaction, having met), newest contact last; and the rest, whose only possible
-- sign is a goal, a job or a link. Each index holds every column its queries read.
CREATE INDEX IF NOT EXISTS people_waiting
    ON people(last_contact, met_on, met_event_id, met_context, tier, cadence_days)
    WHERE tier IS NULL AND cadence_days IS NULL
      AND (last_contact IS NOT NULL OR met_on IS NOT NULL OR met_context IS NOT NULL
           OR met_event_id IS NOT NULL);
CREATE INDEX IF NOT EXISTS people_bare
    ON people(tier, cadence_days, last_contact, met_on, met_context, met_event_id)
    WHERE tier IS NULL AND cadence_days IS NULL AND last_contact IS NULL AND met_on IS NULL
      AND met_context IS NULL AND met_event_id IS NULL;
-- Whether someone is in a goal's pipeline or on a job, asked per person.
CREATE INDEX IF NOT EXISTS goal_people_person ON goal_people(person_id, stage);
CREATE INDEX IF NOT EXISTS opportunity_people_person ON opportunity_people(person_id, role);

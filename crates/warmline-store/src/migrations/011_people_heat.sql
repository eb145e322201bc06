-- Each person's warmth as their touches left it at the end of a week: what `review` needs
-- to tell who went cold without reading everyone's whole history. A row holds the heat
-- folded over every touch up to `upto` (a Sunday) for ties of `half_life` days, and the
-- latest note of mine by then (`warmline_core::warmth::HeatState`); a reader adds only the
-- weeks after it. Any change
-- to a person's touches drops their row, so a row is never stale, only missing: the next
-- reader computes it again from the person's touches. Written to be safe to run again.
CREATE TABLE IF NOT EXISTS people_heat (
    person_id INTEGER PRIMARY KEY,
    half_life INTEGER NOT NULL,
    upto      TEXT NOT NULL,
    heat      REAL NOT NULL,
    at        TEXT,
    last_out  TEXT
);
CREATE TRIGGER IF NOT EXISTS heat_taking_part_insert AFTER INSERT ON interaction_people
BEGIN DELETE FROM people_heat WHERE person_id = new.person_id; END;
CREATE TRIGGER IF NOT EXISTS heat_taking_part_delete AFTER DELETE ON interaction_people
BEGIN DELETE FROM people_heat WHERE person_id = old.person_id; END;
CREATE TRIGGER IF NOT EXISTS heat_taking_part_update AFTER UPDATE ON interaction_people
BEGIN
    DELETE FROM people_heat WHERE person_id IN (old.person_id, new.person_id);
END;
CREATE TRIGGER IF NOT EXISTS heat_interactions_update
AFTER UPDATE OF on_date, kind, direction ON interactions
BEGIN
    DELETE FROM people_heat
     WHERE person_id IN (SELECT person_id FROM interaction_people WHERE interaction_id = new.id);
END;
CREATE TRIGGER IF NOT EXISTS heat_people_delete AFTER DELETE ON people
BEGIN DELETE FROM people_heat WHERE person_id = old.id; END;
-- The people at an organisation in touch most recently, for who can introduce you there:
-- a few rows read whatever the organisation's size. It answers what `people_org` did.
DROP INDEX IF EXISTS people_org;
CREATE INDEX IF NOT EXISTS people_org_contact ON people(org_id, last_contact DESC, id);

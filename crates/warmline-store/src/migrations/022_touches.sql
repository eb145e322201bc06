-- `stats` and the review read the touches of a stretch of days: who took part, on which
-- day, of which kind and direction. Those lived on two tables, so a month at 100,000
-- people was 89,000 interactions each joined to its participants at a random place in
-- `interaction_people`. Each participant's row now carries its interaction's day, kind
-- and direction (kept by the triggers of migration 023, filled by every insert, left out
-- of backups), and one index lists them by day, participants of one interaction together:
-- a stretch of days is a range of one index.
ALTER TABLE interaction_people ADD COLUMN on_date TEXT;
ALTER TABLE interaction_people ADD COLUMN kind TEXT;
ALTER TABLE interaction_people ADD COLUMN direction TEXT;
UPDATE interaction_people SET (on_date, kind, direction) =
       (SELECT on_date, kind, direction FROM interactions i WHERE i.id = interaction_id);
CREATE INDEX interaction_people_on ON interaction_people(on_date, interaction_id, kind, direction);

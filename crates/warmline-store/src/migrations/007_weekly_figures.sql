-- The weekly figures (`stats`, `review`, /insights) at 100,000 people read every
-- interaction and every person. They now count over indexes instead: interactions per day
-- (and their kind and direction) without visiting the rows, people by the day they joined
-- (met if known, else added), and the people met in a period.
CREATE INDEX IF NOT EXISTS interactions_on_kind ON interactions(on_date, kind, direction);
-- Its first column was all the old date index held.
DROP INDEX IF EXISTS interactions_on;
-- The two dates beside the expression let the count read the index alone.
CREATE INDEX IF NOT EXISTS people_joined ON people(coalesce(met_on, created_on), met_on, created_on);
CREATE INDEX IF NOT EXISTS people_met_on ON people(met_on, created_on) WHERE met_on IS NOT NULL;

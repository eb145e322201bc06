-- How many interactions each day holds: `stats` draws twelve weeks of touches, and the
-- streak every active day. Counting them from an index was a step per interaction
-- (250,000 for twelve weeks at 100,000 people); this table is one row per day, kept by
-- the triggers of migration 025 and rebuilt whole after a bulk load, which drops them.
-- A day whose interactions all went keeps its row at zero.
CREATE TABLE IF NOT EXISTS touch_days (
    on_date TEXT PRIMARY KEY,
    n       INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO touch_days (on_date, n) SELECT on_date, count(*) FROM interactions GROUP BY on_date;

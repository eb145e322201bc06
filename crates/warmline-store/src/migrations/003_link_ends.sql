-- Warm-introduction paths read every link of a person by either end, thousands of people
-- per query at scale. With the strength inside both indexes those reads never touch the
-- table, whose rows lie scattered in the order links were made. Written to be safe to
-- run again, like the tests that rewind a database's version do.
DROP INDEX IF EXISTS links_b;
CREATE INDEX IF NOT EXISTS links_a_strength ON links(a, strength, b);
CREATE INDEX IF NOT EXISTS links_b_strength ON links(b, strength, a);

-- Warm-introduction paths read every link of a person by either end, thousands of people
-- per query at scale. With the strength inside both indexes those reads never touch the
-- table, whose rows lie scattered in the order links were made.
DROP INDEX links_b;
CREATE INDEX links_a_strength ON links(a, strength, b);
CREATE INDEX links_b_strength ON links(b, strength, a);

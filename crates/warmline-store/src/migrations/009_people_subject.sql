-- Goal candidates at 100,000 people scored everyone one by one, though fit depends only on
-- where someone works, their title and their place, and a network holds a few thousand
-- such combinations at most. With all three in one index the distinct ones are counted
-- without reading the table, and the people of the combinations that fit best are found
-- by index.
CREATE INDEX IF NOT EXISTS people_subject ON people(org_id, title, location);

-- What changed about whom, for a reader that keeps everyone's summary in memory (the web
-- server) and wants to read again only the people whose summary may have moved. Triggers
-- write it, so every path that writes (commands, imports, merges, undo, the trash) keeps
-- it without remembering to. A row without a person means everyone: a setting, or a load
-- too large to list. Written to be safe to run again.
CREATE TABLE IF NOT EXISTS summary_changes (
    seq       INTEGER PRIMARY KEY,
    person_id INTEGER
);
-- While a bulk load or an import runs, the triggers keep quiet and the load logs one
-- change for everyone at its end: a row per interaction of a 100,000-person load would
-- cost more than the summaries it saves recomputing.
CREATE TABLE IF NOT EXISTS summary_log (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    quiet INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO summary_log (id, quiet) VALUES (1, 0);
-- A summary reads the person's row, organisation name, tags, interactions and the
-- settings (tier cadences).
CREATE TRIGGER IF NOT EXISTS summary_people_insert AFTER INSERT ON people
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (new.id); END;
CREATE TRIGGER IF NOT EXISTS summary_people_update AFTER UPDATE ON people
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (new.id); END;
CREATE TRIGGER IF NOT EXISTS summary_people_delete AFTER DELETE ON people
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (old.id); END;
CREATE TRIGGER IF NOT EXISTS summary_tags_insert AFTER INSERT ON person_tags
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (new.person_id); END;
CREATE TRIGGER IF NOT EXISTS summary_tags_delete AFTER DELETE ON person_tags
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (old.person_id); END;
CREATE TRIGGER IF NOT EXISTS summary_tags_update AFTER UPDATE ON person_tags
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN
    INSERT INTO summary_changes (person_id) VALUES (old.person_id);
    INSERT INTO summary_changes (person_id) VALUES (new.person_id);
END;
CREATE TRIGGER IF NOT EXISTS summary_taking_part_insert AFTER INSERT ON interaction_people
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (new.person_id); END;
CREATE TRIGGER IF NOT EXISTS summary_taking_part_delete AFTER DELETE ON interaction_people
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (old.person_id); END;
CREATE TRIGGER IF NOT EXISTS summary_taking_part_update AFTER UPDATE ON interaction_people
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN
    INSERT INTO summary_changes (person_id) VALUES (old.person_id);
    INSERT INTO summary_changes (person_id) VALUES (new.person_id);
END;
CREATE TRIGGER IF NOT EXISTS summary_interactions_update AFTER UPDATE ON interactions
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN
    INSERT INTO summary_changes (person_id)
        SELECT person_id FROM interaction_people WHERE interaction_id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS summary_orgs_update AFTER UPDATE OF name ON organisations
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN
    INSERT INTO summary_changes (person_id) SELECT id FROM people WHERE org_id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS summary_settings_insert AFTER INSERT ON settings
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (NULL); END;
CREATE TRIGGER IF NOT EXISTS summary_settings_update AFTER UPDATE ON settings
WHEN old.value IS NOT new.value AND NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (NULL); END;
CREATE TRIGGER IF NOT EXISTS summary_settings_delete AFTER DELETE ON settings
WHEN NOT (SELECT quiet FROM summary_log)
BEGIN INSERT INTO summary_changes (person_id) VALUES (NULL); END;

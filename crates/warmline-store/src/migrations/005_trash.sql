-- Correcting what was recorded. Written to be safe to run again, like 003 and 004.
--
-- The trash: each removal keeps a JSON snapshot of the rows it took (with those its
-- cascades took, and the references it cleared), so that it can be undone whole. Entries
-- are kept for a day, counted by SQLite's clock; AUTOINCREMENT so an id once printed
-- ("undo: warmline undo 7") never names a later removal.
CREATE TABLE IF NOT EXISTS removed (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    removed_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS removed_at ON removed(removed_at);

-- Which interaction moved someone forward in a goal, so that removing or changing that
-- interaction can take the move back. A table of its own rather than a column, so that
-- this step can run again.
CREATE TABLE IF NOT EXISTS goal_moves (
    history_id     INTEGER PRIMARY KEY REFERENCES goal_stage_history(id) ON DELETE CASCADE,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS goal_moves_interaction ON goal_moves(interaction_id);

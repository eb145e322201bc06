-- The calendar file a meeting was imported from (its canonical path), so that a
-- re-import of that file can cancel the meetings ahead it no longer holds.
ALTER TABLE interactions ADD COLUMN source_file TEXT;

-- Keeps the touch columns of `interaction_people` (migration 022) equal to their
-- interaction's. A bulk load drops these with the summary triggers and fills what its
-- inserts left empty at its end; both statements are safe to run again.
CREATE TRIGGER IF NOT EXISTS touch_added AFTER INSERT ON interaction_people
WHEN NEW.on_date IS NULL
BEGIN
    UPDATE interaction_people SET (on_date, kind, direction) =
           (SELECT on_date, kind, direction FROM interactions WHERE id = NEW.interaction_id)
     WHERE interaction_id = NEW.interaction_id AND person_id = NEW.person_id;
END;
CREATE TRIGGER IF NOT EXISTS touch_changed AFTER UPDATE OF on_date, kind, direction ON interactions
BEGIN
    UPDATE interaction_people SET on_date = NEW.on_date, kind = NEW.kind, direction = NEW.direction
     WHERE interaction_id = NEW.id;
END;

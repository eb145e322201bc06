-- Each participant's row carries its interaction's day, kind and direction, kept by the
-- triggers below, and one index lists them by day, as SQLite's migrations 022 and 023:
-- `stats` and the review read a stretch of days from one index. Keys lead with the
-- account.
ALTER TABLE interaction_people ADD COLUMN on_date text;
ALTER TABLE interaction_people ADD COLUMN kind text;
ALTER TABLE interaction_people ADD COLUMN direction text;
UPDATE interaction_people ip SET on_date = i.on_date, kind = i.kind, direction = i.direction
  FROM interactions i WHERE i.account_id = ip.account_id AND i.id = ip.interaction_id;
CREATE INDEX interaction_people_on
    ON interaction_people (account_id, on_date, interaction_id, person_id, kind, direction);

CREATE FUNCTION warmline_touch_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE interaction_people ip SET on_date = i.on_date, kind = i.kind, direction = i.direction
      FROM interactions i
     WHERE i.account_id = NEW.account_id AND i.id = NEW.interaction_id
       AND ip.account_id = NEW.account_id AND ip.interaction_id = NEW.interaction_id
       AND ip.person_id = NEW.person_id;
    RETURN NULL;
END $$;
CREATE TRIGGER touch_added AFTER INSERT ON interaction_people
    FOR EACH ROW WHEN (NEW.on_date IS NULL) EXECUTE FUNCTION warmline_touch_added();

CREATE FUNCTION warmline_touch_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE interaction_people SET on_date = NEW.on_date, kind = NEW.kind, direction = NEW.direction
     WHERE account_id = NEW.account_id AND interaction_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER touch_changed AFTER UPDATE OF on_date, kind, direction ON interactions
    FOR EACH ROW WHEN (NEW.on_date IS DISTINCT FROM OLD.on_date OR NEW.kind IS DISTINCT FROM OLD.kind
                       OR NEW.direction IS DISTINCT FROM OLD.direction)
    EXECUTE FUNCTION warmline_touch_changed();

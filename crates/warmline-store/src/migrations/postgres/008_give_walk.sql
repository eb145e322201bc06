-- Each need and offer carries its person's latest contact, kept by triggers, and one
-- index lists the open ones by it, as SQLite's migration 021: the give item reads only
-- the needs and offers it weighs. Keys lead with the account. The text stays out of
-- the index: a B-tree entry here is limited to about 2.7 kB, and a need can be longer.
ALTER TABLE needs_offers ADD COLUMN seen_on text;
UPDATE needs_offers n SET seen_on = p.last_contact FROM people p
 WHERE p.account_id = n.account_id AND p.id = n.person_id;
CREATE INDEX needs_offers_open_seen ON needs_offers (account_id, kind, seen_on DESC, person_id, id)
    WHERE status = 'open' AND person_id IS NOT NULL;

CREATE FUNCTION warmline_need_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE needs_offers SET seen_on =
           (SELECT last_contact FROM people WHERE account_id = NEW.account_id AND id = NEW.person_id)
     WHERE account_id = NEW.account_id AND id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER needs_offers_seen_insert AFTER INSERT ON needs_offers
    FOR EACH ROW WHEN (NEW.person_id IS NOT NULL) EXECUTE FUNCTION warmline_need_seen();
CREATE TRIGGER needs_offers_seen_moved AFTER UPDATE OF person_id ON needs_offers
    FOR EACH ROW EXECUTE FUNCTION warmline_need_seen();

CREATE FUNCTION warmline_person_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE needs_offers SET seen_on = NEW.last_contact
     WHERE account_id = NEW.account_id AND person_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER people_seen AFTER UPDATE OF last_contact ON people
    FOR EACH ROW WHEN (NEW.last_contact IS DISTINCT FROM OLD.last_contact)
    EXECUTE FUNCTION warmline_person_seen();

-- The give item weighs the open needs and offers of the people you were in touch with
-- last. Walking people by latest contact and looking up each one's needs and offers read
-- thirteen thousand people and their rows to find two thousand offers at 100,000 people.
-- Each need and offer now carries its person's latest contact (`seen_on`, kept by the
-- triggers below, never written by hand and left out of backups), and one index lists
-- the open ones in the order the walk wants, with their text, so it reads only what it
-- weighs: the index, and the row of each person weighed.
ALTER TABLE needs_offers ADD COLUMN seen_on TEXT;
UPDATE needs_offers SET seen_on = (SELECT last_contact FROM people WHERE people.id = needs_offers.person_id)
 WHERE person_id IS NOT NULL;
CREATE INDEX needs_offers_open_seen ON needs_offers(kind, seen_on DESC, person_id, id, text)
    WHERE status = 'open' AND person_id IS NOT NULL;

CREATE TRIGGER needs_offers_seen_insert AFTER INSERT ON needs_offers
WHEN NEW.person_id IS NOT NULL
BEGIN
    UPDATE needs_offers SET seen_on = (SELECT last_contact FROM people WHERE id = NEW.person_id)
     WHERE id = NEW.id;
END;

CREATE TRIGGER needs_offers_seen_moved AFTER UPDATE OF person_id ON needs_offers
BEGIN
    UPDATE needs_offers SET seen_on = (SELECT last_contact FROM people WHERE id = NEW.person_id)
     WHERE id = NEW.id;
END;

CREATE TRIGGER people_seen AFTER UPDATE OF last_contact ON people
WHEN NEW.last_contact IS NOT OLD.last_contact
BEGIN
    UPDATE needs_offers SET seen_on = NEW.last_contact WHERE person_id = NEW.id;
END;

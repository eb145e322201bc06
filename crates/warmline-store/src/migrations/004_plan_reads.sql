-- Today's plan at 100,000 people read every person, need and offer to find the few it
-- shows. Recent contacts first: the give item walks people from the latest contact
-- back and stops after a few hundred needs. Birthdays and done follow-ups are rare
-- among everyone, so partial indexes hold only those rows.
CREATE INDEX IF NOT EXISTS people_last_contact ON people(last_contact);
CREATE INDEX IF NOT EXISTS people_birthday ON people(birthday) WHERE birthday IS NOT NULL;
CREATE INDEX IF NOT EXISTS follow_ups_done_on ON follow_ups(done_on) WHERE status = 'done';

-- Today's plan at 100,000 people read every person with a rhythm to find the forty most
-- overdue. Within one tier and cadence the most overdue are those in touch longest
-- ago, so this index hands them over first, and counts the due ones as one range.
CREATE INDEX IF NOT EXISTS people_rhythm ON people(tier, cadence_days, last_contact, created_on);

-- Meetings on the calendar for a day: the plan asks for today's and tomorrow's every
-- morning. A day can hold thousands of interactions recorded on it (an import, a busy
-- event); only those booked ahead (from a calendar, or logged before their day:
-- `scheduled::BOOKED`) are meetings, and this index holds only those, so the plan no
-- longer fetches every interaction of the day to tell them apart.
CREATE INDEX IF NOT EXISTS interactions_booked ON interactions(on_date)
    WHERE source = 'ics' OR created_on < on_date;

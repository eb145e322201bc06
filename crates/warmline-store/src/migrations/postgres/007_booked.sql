-- Meetings booked ahead, by day, as SQLite's migration 020: only interactions from a
-- calendar or logged before their day, so a day's meetings are found without fetching
-- every interaction recorded on it. Keys lead with the account.
CREATE INDEX interactions_booked ON interactions (account_id, on_date)
    WHERE source = 'ics' OR created_on < on_date;

-- How many interactions each day holds, kept by triggers, as SQLite's migrations 024 and
-- 025: `stats` and the streak read one row per day. Keys lead with the account;
-- row-level security as on every table.
CREATE TABLE touch_days (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    on_date    text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (account_id, on_date)
);
ALTER TABLE touch_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE touch_days FORCE ROW LEVEL SECURITY;
CREATE POLICY account ON touch_days USING (account_id = warmline_account())
    WITH CHECK (account_id = warmline_account());
GRANT SELECT, INSERT, UPDATE, DELETE ON touch_days TO warmline_app;
INSERT INTO touch_days (account_id, on_date, n)
    SELECT account_id, on_date, count(*) FROM interactions GROUP BY account_id, on_date;

CREATE FUNCTION warmline_touch_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE touch_days SET n = n - 1 WHERE account_id = OLD.account_id AND on_date = OLD.on_date;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO touch_days (account_id, on_date, n) VALUES (NEW.account_id, NEW.on_date, 1)
            ON CONFLICT (account_id, on_date) DO UPDATE SET n = touch_days.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER touch_day_added AFTER INSERT OR DELETE ON interactions
    FOR EACH ROW EXECUTE FUNCTION warmline_touch_day();
CREATE TRIGGER touch_day_moved AFTER UPDATE OF on_date ON interactions
    FOR EACH ROW WHEN (NEW.on_date IS DISTINCT FROM OLD.on_date)
    EXECUTE FUNCTION warmline_touch_day();

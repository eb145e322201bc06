-- Keeps `touch_days` (migration 024) counting each day's interactions. Safe to run again:
-- a bulk load drops these and puts them back at its end.
CREATE TRIGGER IF NOT EXISTS touch_day_added AFTER INSERT ON interactions
BEGIN
    INSERT INTO touch_days (on_date, n) VALUES (NEW.on_date, 1)
        ON CONFLICT (on_date) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS touch_day_removed AFTER DELETE ON interactions
BEGIN
    UPDATE touch_days SET n = n - 1 WHERE on_date = OLD.on_date;
END;
CREATE TRIGGER IF NOT EXISTS touch_day_moved AFTER UPDATE OF on_date ON interactions
WHEN NEW.on_date IS NOT OLD.on_date
BEGIN
    UPDATE touch_days SET n = n - 1 WHERE on_date = OLD.on_date;
    INSERT INTO touch_days (on_date, n) VALUES (NEW.on_date, 1)
        ON CONFLICT (on_date) DO UPDATE SET n = n + 1;
END;

-- What each capture a device sent became, by the id the device gave it, as SQLite's
-- migration 019. Keys lead with the account; row-level security as on every table.
CREATE TABLE client_entries (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    client_id  text NOT NULL,
    kind       text NOT NULL,
    person_id  bigint NOT NULL,
    created_on text NOT NULL,
    PRIMARY KEY (account_id, client_id)
);
ALTER TABLE client_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY account ON client_entries USING (account_id = warmline_account())
    WITH CHECK (account_id = warmline_account());
GRANT SELECT, INSERT, UPDATE, DELETE ON client_entries TO warmline_app;

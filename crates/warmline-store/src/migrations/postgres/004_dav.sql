-- CardDAV and CalDAV bookkeeping, as SQLite's migration 018: the names clients gave the
-- cards they created, and each collection's members with the sync point they last
-- changed at. Keys lead with the account; row-level security as on every table.
CREATE TABLE dav_names (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    name       text NOT NULL,
    PRIMARY KEY (account_id, person_id),
    UNIQUE (account_id, name),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);
CREATE TABLE dav_sync (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    collection text NOT NULL,
    name       text NOT NULL,
    etag       text NOT NULL,
    seq        bigint NOT NULL,
    gone       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, collection, name)
);
CREATE INDEX dav_sync_seq ON dav_sync (account_id, collection, seq);
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dav_names', 'dav_sync']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY account ON %I USING (account_id = warmline_account())
                        WITH CHECK (account_id = warmline_account())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO warmline_app', t);
    END LOOP;
END $$;

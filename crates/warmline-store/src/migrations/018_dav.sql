-- CardDAV and CalDAV bookkeeping.
-- `dav_names`: the name a client gave a card it created (`/dav/.../contacts/NAME.vcf`),
-- so the card is served at the same address ever after: a card that moved would look
-- deleted and re-created to the client, and duplicate. Others are named from their UID.
CREATE TABLE IF NOT EXISTS dav_names (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    name      TEXT NOT NULL UNIQUE
);
-- What each collection held when a client last asked (RFC 6578 sync-collection): every
-- member's name and ETag, the sync point at which it last changed, and whether it is
-- gone. A sync token is a point; the changes since it are the rows after it. Refreshed
-- from the network itself at each request, so whatever changed it (the command line, the
-- web, an import, an undo) is seen, with no trigger to forget.
CREATE TABLE IF NOT EXISTS dav_sync (
    collection TEXT NOT NULL,
    name       TEXT NOT NULL,
    etag       TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    gone       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, name)
);
CREATE INDEX IF NOT EXISTS dav_sync_seq ON dav_sync(collection, seq);

-- The whole data model of SPEC §2. Fixed vocabularies are checked with OR chains rather
-- than IN lists: SQLite builds a temporary table for every IN-list check, which tripled
-- the cost of each insert. Dates are ISO-8601 text (YYYY-MM-DD); "_key" columns hold folded
-- forms used for matching (case, accents and punctuation removed).

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    industry   TEXT,
    size       TEXT,
    location   TEXT,
    website    TEXT,
    created_on TEXT NOT NULL,
    updated_on TEXT NOT NULL
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    on_date    TEXT,
    location   TEXT,
    created_on TEXT NOT NULL
);
CREATE INDEX events_name_key ON events(name_key);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    org_id        INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    title         TEXT,
    location      TEXT,
    linkedin      TEXT,
    website       TEXT,
    birthday      TEXT,             -- YYYY-MM-DD, or --MM-DD without a year
    met_context   TEXT,
    met_on        TEXT,
    met_event_id  INTEGER REFERENCES events(id) ON DELETE SET NULL,
    source        TEXT NOT NULL DEFAULT 'manual',
    tier          TEXT CHECK (tier = 'inner' OR tier = 'close' OR tier = 'regular' OR tier = 'loose'),
    cadence_days  INTEGER CHECK (cadence_days > 0),
    notes         TEXT NOT NULL DEFAULT '',
    connected_on  TEXT,
    last_contact  TEXT,             -- the latest interaction's date, kept by the store
    created_on    TEXT NOT NULL,
    updated_on    TEXT NOT NULL
);
CREATE INDEX people_name_key ON people(name_key);
CREATE INDEX people_org ON people(org_id);
CREATE UNIQUE INDEX people_linkedin ON people(linkedin) WHERE linkedin IS NOT NULL;

CREATE TABLE person_emails (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    email     TEXT NOT NULL,
    email_key TEXT NOT NULL,       -- lower-cased
    position  INTEGER NOT NULL,
    PRIMARY KEY (person_id, email_key)
);
CREATE INDEX person_emails_key ON person_emails(email_key);

CREATE TABLE person_phones (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    phone     TEXT NOT NULL,
    phone_key TEXT NOT NULL,       -- digits and a leading +
    position  INTEGER NOT NULL,
    PRIMARY KEY (person_id, phone_key)
);
CREATE INDEX person_phones_key ON person_phones(phone_key);

CREATE TABLE person_tags (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_tags_tag ON person_tags(tag);

CREATE TABLE work_history (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title      TEXT,
    from_date  TEXT,
    until_date TEXT,
    current    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX work_history_person ON work_history(person_id);
CREATE INDEX work_history_org ON work_history(org_id);

-- A job change noticed by an import: a reason to congratulate someone.
CREATE TABLE job_changes (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org         TEXT,
    title       TEXT,
    detected_on TEXT NOT NULL
);
CREATE INDEX job_changes_person ON job_changes(person_id);

-- person_id NULL: a fact about me (my own profile).
CREATE TABLE facts (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER REFERENCES people(id) ON DELETE CASCADE,
    category    TEXT NOT NULL CHECK (category = 'family' OR category = 'hometown' OR category = 'school' OR category = 'hobby' OR category = 'interest' OR category = 'work_history' OR category = 'life_event' OR category = 'other'),
    text        TEXT NOT NULL,
    on_date     TEXT,
    recorded_on TEXT NOT NULL
);
CREATE INDEX facts_person ON facts(person_id);

CREATE TABLE interactions (
    id         INTEGER PRIMARY KEY,
    on_date    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind = 'coffee' OR kind = 'call' OR kind = 'video' OR kind = 'email' OR kind = 'message' OR kind = 'meeting' OR kind = 'event' OR kind = 'intro' OR kind = 'other'),
    direction  TEXT NOT NULL CHECK (direction = 'outbound' OR direction = 'inbound' OR direction = 'mutual'),
    summary    TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT 'manual',
    source_key TEXT,                -- makes re-importing the same record a no-op
    event_id   INTEGER REFERENCES events(id) ON DELETE SET NULL,
    created_on TEXT NOT NULL
);
CREATE INDEX interactions_on ON interactions(on_date);
-- Partial, so the many interactions typed by hand (no key) cost no index entry.
CREATE UNIQUE INDEX interactions_source_key ON interactions(source_key) WHERE source_key IS NOT NULL;

CREATE TABLE interaction_people (
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, person_id)
) WITHOUT ROWID;
CREATE INDEX interaction_people_person ON interaction_people(person_id, interaction_id);

CREATE TABLE follow_ups (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    text           TEXT NOT NULL,
    due            TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'done' OR status = 'snoozed' OR status = 'cancelled'),
    origin         TEXT NOT NULL DEFAULT 'manual' CHECK (origin = 'manual' OR origin = 'after_event' OR origin = 'promise'),
    interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
    event_id       INTEGER REFERENCES events(id) ON DELETE SET NULL,
    created_on     TEXT NOT NULL,
    done_on        TEXT
);
CREATE INDEX follow_ups_person ON follow_ups(person_id);
CREATE INDEX follow_ups_open ON follow_ups(status, due);

-- An undirected tie, stored once with a < b.
CREATE TABLE links (
    a        INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    b        INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    strength INTEGER NOT NULL DEFAULT 3 CHECK (strength BETWEEN 1 AND 5),
    how      TEXT,
    CHECK (a < b),
    PRIMARY KEY (a, b)
);
CREATE INDEX links_b ON links(b);

-- Needs and offers; person_id NULL: mine.
CREATE TABLE needs_offers (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER REFERENCES people(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind = 'need' OR kind = 'offer'),
    text       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'met' OR status = 'withdrawn'),
    created_on TEXT NOT NULL,
    closed_on  TEXT
);
CREATE INDEX needs_offers_person ON needs_offers(person_id);

CREATE TABLE gives (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    text           TEXT NOT NULL,
    on_date        TEXT NOT NULL,
    interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL
);
CREATE INDEX gives_person ON gives(person_id);

CREATE TABLE goals (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    purpose       TEXT,
    industry      TEXT,
    size          TEXT,
    role_keywords TEXT,
    location      TEXT,
    weekly        TEXT,             -- the weekly-targets spec as typed, e.g. "3 new, 2 conversations"
    deadline      TEXT,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'done' OR status = 'archived'),
    created_on    TEXT NOT NULL
);

CREATE TABLE goal_people (
    goal_id    INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL CHECK (stage = 'identified' OR stage = 'reached_out' OR stage = 'replied' OR stage = 'conversation' OR stage = 'referral' OR stage = 'opportunity'),
    updated_on TEXT NOT NULL,
    PRIMARY KEY (goal_id, person_id)
);

CREATE TABLE goal_stage_history (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    stage     TEXT NOT NULL,
    on_date   TEXT NOT NULL
);
CREATE INDEX goal_stage_history_goal ON goal_stage_history(goal_id);

CREATE TABLE opportunities (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    stage      TEXT NOT NULL DEFAULT 'lead' CHECK (stage = 'lead' OR stage = 'applied' OR stage = 'interview' OR stage = 'offer' OR stage = 'accepted' OR stage = 'closed'),
    notes      TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL,
    updated_on TEXT NOT NULL
);

CREATE TABLE opportunity_people (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role = 'referrer' OR role = 'recruiter' OR role = 'hiring_manager' OR role = 'interviewer' OR role = 'reference'),
    PRIMARY KEY (opportunity_id, person_id, role)
);

CREATE TABLE opportunity_stage_history (
    id             INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    stage          TEXT NOT NULL,
    on_date        TEXT NOT NULL
);

-- Items of a day's plan that were checked off.
CREATE TABLE plan_done (
    on_date TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (on_date, item_id)
);

-- Settings and my profile, each value a JSON document.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Full-text index, one row per person (rowid = person id), kept current by the store.
CREATE VIRTUAL TABLE person_search USING fts5(
    name, org, title, notes, facts, interactions,
    tokenize = 'unicode61 remove_diacritics 2'
);

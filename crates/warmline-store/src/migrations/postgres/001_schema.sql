-- The PostgreSQL schema: the end state of the SQLite migrations 001-014, for many
-- accounts in one database. Every table leads its keys with account_id, filled from the
-- connection's `warmline.account` setting, and row-level security shows a connection
-- only its account's rows. Dates stay ISO text and flags stay integers, as in SQLite.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- The account a connection works for.
CREATE FUNCTION warmline_account() RETURNS bigint LANGUAGE sql STABLE
AS $$ SELECT current_setting('warmline.account')::bigint $$;

-- SQLite gives a new row the largest id plus one; so does this, per account. The id
-- is remembered for the store's `last_insert_rowid`.
CREATE FUNCTION warmline_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I WHERE account_id = $1',
                       TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO NEW.id USING NEW.account_id;
    END IF;
    PERFORM set_config('warmline.last_id', NEW.id::text, false);
    RETURN NEW;
END $$;

-- SQLite's date functions as the store calls them: ISO text in, ISO text out.
CREATE FUNCTION date(d text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT to_char(d::date, 'YYYY-MM-DD') $$;
CREATE FUNCTION date(d text, modifier text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT to_char(d::date + modifier::interval, 'YYYY-MM-DD') $$;
CREATE FUNCTION datetime(d text) RETURNS text LANGUAGE sql STABLE STRICT
AS $$ SELECT to_char(CASE WHEN d = 'now' THEN now() AT TIME ZONE 'UTC' ELSE d::timestamp END,
                     'YYYY-MM-DD HH24:MI:SS') $$;
CREATE FUNCTION datetime(d text, modifier text) RETURNS text LANGUAGE sql STABLE STRICT
AS $$ SELECT to_char(CASE WHEN d = 'now' THEN now() AT TIME ZONE 'UTC' ELSE d::timestamp END
                     + modifier::interval, 'YYYY-MM-DD HH24:MI:SS') $$;
CREATE FUNCTION julianday(d text) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT extract(epoch FROM d::timestamp) / 86400.0 + 2440587.5 $$;

-- SQLite counts a condition by summing it (true is 1).
CREATE FUNCTION warmline_add_bool(acc bigint, b boolean) RETURNS bigint LANGUAGE sql IMMUTABLE
AS $$ SELECT coalesce(acc, 0) + CASE WHEN b THEN 1 ELSE 0 END $$;
CREATE AGGREGATE sum(boolean) (SFUNC = warmline_add_bool, STYPE = bigint);

-- A JSON array bound as one parameter, as rows (SQLite's json_each).
CREATE FUNCTION warmline_json_ids(a text) RETURNS SETOF bigint LANGUAGE sql IMMUTABLE
AS $$ SELECT v::bigint FROM jsonb_array_elements_text(a::jsonb) AS v $$;
CREATE FUNCTION warmline_json_texts(a text) RETURNS SETOF text LANGUAGE sql IMMUTABLE
AS $$ SELECT v FROM jsonb_array_elements_text(a::jsonb) AS v $$;

-- Text as FTS5's `unicode61 remove_diacritics 2` sees it: lower case, no accents,
-- anything but letters and digits a separator.
CREATE FUNCTION warmline_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)),
                            '[^[:alnum:]]+', ' ', 'g') $$;

CREATE TABLE organisations (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL,
    name       text NOT NULL,
    name_key   text NOT NULL,
    industry   text,
    size       text,
    location   text,
    website    text,
    created_on text NOT NULL,
    updated_on text NOT NULL,
    PRIMARY KEY (account_id, id),
    UNIQUE (account_id, name_key)
);

CREATE TABLE events (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL,
    name       text NOT NULL,
    name_key   text NOT NULL,
    on_date    text,
    location   text,
    created_on text NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE people (
    account_id    bigint NOT NULL DEFAULT warmline_account(),
    id            bigint NOT NULL,
    name          text NOT NULL,
    name_key      text NOT NULL,
    org_id        bigint,
    title         text,
    location      text,
    linkedin      text,
    website       text,
    birthday      text,
    met_context   text,
    met_on        text,
    met_event_id  bigint,
    source        text NOT NULL DEFAULT 'manual',
    tier          text CHECK (tier = 'inner' OR tier = 'close' OR tier = 'regular' OR tier = 'loose'),
    cadence_days  bigint CHECK (cadence_days > 0),
    notes         text NOT NULL DEFAULT '',
    connected_on  text,
    last_contact  text,
    created_on    text NOT NULL,
    updated_on    text NOT NULL,
    name_family   text,
    name_given    text,
    name_middle   text,
    name_prefix   text,
    name_suffix   text,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, org_id) REFERENCES organisations (account_id, id) ON DELETE SET NULL (org_id),
    FOREIGN KEY (account_id, met_event_id) REFERENCES events (account_id, id) ON DELETE SET NULL (met_event_id)
);

CREATE TABLE person_emails (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    email      text NOT NULL,
    email_key  text NOT NULL,
    position   bigint NOT NULL,
    PRIMARY KEY (account_id, person_id, email_key),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE person_phones (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    phone      text NOT NULL,
    phone_key  text NOT NULL,
    position   bigint NOT NULL,
    PRIMARY KEY (account_id, person_id, phone_key),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE person_tags (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    tag        text NOT NULL,
    PRIMARY KEY (account_id, person_id, tag),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE work_history (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL,
    person_id  bigint NOT NULL,
    org_id     bigint NOT NULL,
    title      text,
    from_date  text,
    until_date text,
    current    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, org_id) REFERENCES organisations (account_id, id) ON DELETE CASCADE
);

CREATE TABLE job_changes (
    account_id  bigint NOT NULL DEFAULT warmline_account(),
    id          bigint NOT NULL,
    person_id   bigint NOT NULL,
    org         text,
    title       text,
    detected_on text NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE facts (
    account_id  bigint NOT NULL DEFAULT warmline_account(),
    id          bigint NOT NULL,
    person_id   bigint,
    category    text NOT NULL CHECK (category = 'family' OR category = 'hometown' OR category = 'school' OR category = 'hobby' OR category = 'interest' OR category = 'work_history' OR category = 'life_event' OR category = 'other'),
    text        text NOT NULL,
    on_date     text,
    recorded_on text NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE interactions (
    account_id  bigint NOT NULL DEFAULT warmline_account(),
    id          bigint NOT NULL,
    on_date     text NOT NULL,
    kind        text NOT NULL CHECK (kind = 'coffee' OR kind = 'call' OR kind = 'video' OR kind = 'email' OR kind = 'message' OR kind = 'meeting' OR kind = 'event' OR kind = 'intro' OR kind = 'other'),
    direction   text NOT NULL CHECK (direction = 'outbound' OR direction = 'inbound' OR direction = 'mutual'),
    summary     text NOT NULL,
    notes       text NOT NULL DEFAULT '',
    source      text NOT NULL DEFAULT 'manual',
    source_key  text,
    event_id    bigint,
    created_on  text NOT NULL,
    source_file text,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, event_id) REFERENCES events (account_id, id) ON DELETE SET NULL (event_id)
);

CREATE TABLE interaction_people (
    account_id     bigint NOT NULL DEFAULT warmline_account(),
    interaction_id bigint NOT NULL,
    person_id      bigint NOT NULL,
    PRIMARY KEY (account_id, interaction_id, person_id),
    FOREIGN KEY (account_id, interaction_id) REFERENCES interactions (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE follow_ups (
    account_id     bigint NOT NULL DEFAULT warmline_account(),
    id             bigint NOT NULL,
    person_id      bigint NOT NULL,
    text           text NOT NULL,
    due            text NOT NULL,
    status         text NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'done' OR status = 'snoozed' OR status = 'cancelled'),
    origin         text NOT NULL DEFAULT 'manual' CHECK (origin = 'manual' OR origin = 'after_event' OR origin = 'promise'),
    interaction_id bigint,
    event_id       bigint,
    created_on     text NOT NULL,
    done_on        text,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, interaction_id) REFERENCES interactions (account_id, id) ON DELETE SET NULL (interaction_id),
    FOREIGN KEY (account_id, event_id) REFERENCES events (account_id, id) ON DELETE SET NULL (event_id)
);

CREATE TABLE links (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    a          bigint NOT NULL,
    b          bigint NOT NULL,
    strength   bigint NOT NULL DEFAULT 3 CHECK (strength BETWEEN 1 AND 5),
    how        text,
    rowid      bigint GENERATED BY DEFAULT AS IDENTITY,
    CHECK (a < b),
    PRIMARY KEY (account_id, a, b),
    FOREIGN KEY (account_id, a) REFERENCES people (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, b) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE needs_offers (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL,
    person_id  bigint,
    kind       text NOT NULL CHECK (kind = 'need' OR kind = 'offer'),
    text       text NOT NULL,
    status     text NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'met' OR status = 'withdrawn'),
    created_on text NOT NULL,
    closed_on  text,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE gives (
    account_id     bigint NOT NULL DEFAULT warmline_account(),
    id             bigint NOT NULL,
    person_id      bigint NOT NULL,
    text           text NOT NULL,
    on_date        text NOT NULL,
    interaction_id bigint,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, interaction_id) REFERENCES interactions (account_id, id) ON DELETE SET NULL (interaction_id)
);

CREATE TABLE goals (
    account_id    bigint NOT NULL DEFAULT warmline_account(),
    id            bigint NOT NULL,
    title         text NOT NULL,
    purpose       text,
    industry      text,
    size          text,
    role_keywords text,
    location      text,
    weekly        text,
    deadline      text,
    status        text NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'done' OR status = 'archived'),
    created_on    text NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE goal_people (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    goal_id    bigint NOT NULL,
    person_id  bigint NOT NULL,
    stage      text NOT NULL CHECK (stage = 'identified' OR stage = 'reached_out' OR stage = 'replied' OR stage = 'conversation' OR stage = 'referral' OR stage = 'opportunity'),
    updated_on text NOT NULL,
    PRIMARY KEY (account_id, goal_id, person_id),
    FOREIGN KEY (account_id, goal_id) REFERENCES goals (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE goal_stage_history (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL,
    goal_id    bigint NOT NULL,
    person_id  bigint NOT NULL,
    stage      text NOT NULL,
    on_date    text NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, goal_id) REFERENCES goals (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE opportunities (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL,
    org_id     bigint NOT NULL,
    role       text NOT NULL,
    stage      text NOT NULL DEFAULT 'lead' CHECK (stage = 'lead' OR stage = 'applied' OR stage = 'interview' OR stage = 'offer' OR stage = 'accepted' OR stage = 'closed'),
    notes      text NOT NULL DEFAULT '',
    created_on text NOT NULL,
    updated_on text NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, org_id) REFERENCES organisations (account_id, id) ON DELETE CASCADE
);

-- rowid: the order rows were added, which SQLite's rowid gives and lists follow.
CREATE TABLE opportunity_people (
    account_id     bigint NOT NULL DEFAULT warmline_account(),
    opportunity_id bigint NOT NULL,
    person_id      bigint NOT NULL,
    role           text NOT NULL CHECK (role = 'referrer' OR role = 'recruiter' OR role = 'hiring_manager' OR role = 'interviewer' OR role = 'reference'),
    rowid          bigint GENERATED BY DEFAULT AS IDENTITY,
    PRIMARY KEY (account_id, opportunity_id, person_id, role),
    FOREIGN KEY (account_id, opportunity_id) REFERENCES opportunities (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE opportunity_stage_history (
    account_id     bigint NOT NULL DEFAULT warmline_account(),
    id             bigint NOT NULL,
    opportunity_id bigint NOT NULL,
    stage          text NOT NULL,
    on_date        text NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, opportunity_id) REFERENCES opportunities (account_id, id) ON DELETE CASCADE
);

CREATE TABLE plan_done (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    on_date    text NOT NULL,
    item_id    text NOT NULL,
    PRIMARY KEY (account_id, on_date, item_id)
);

CREATE TABLE settings (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    key        text NOT NULL,
    value      text NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- The search index: one row per person (rowid is the person's id), and its words as
-- FTS5 would split and fold them, weighted by column as the store's bm25 weights them.
CREATE TABLE person_search (
    account_id   bigint NOT NULL DEFAULT warmline_account(),
    rowid        bigint NOT NULL,
    name         text,
    org          text,
    title        text,
    notes        text,
    facts        text,
    interactions text,
    words        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(warmline_fold(name), '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(warmline_fold(org), '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(warmline_fold(title), '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(warmline_fold(facts), '')), 'C') ||
        setweight(to_tsvector('simple', coalesce(warmline_fold(notes), '')), 'D') ||
        setweight(to_tsvector('simple', coalesce(warmline_fold(interactions), '')), 'D')
    ) STORED,
    PRIMARY KEY (account_id, rowid)
);
CREATE INDEX person_search_words ON person_search USING gin (words);

CREATE TABLE person_uids (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    uid        text NOT NULL,
    person_id  bigint NOT NULL,
    rowid      bigint GENERATED BY DEFAULT AS IDENTITY,
    PRIMARY KEY (account_id, uid),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE linkedin_profiles (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    company    text,
    position   text,
    seen_on    text NOT NULL,
    PRIMARY KEY (account_id, person_id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

-- AUTOINCREMENT in SQLite: an id is never given twice.
CREATE TABLE removed (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint GENERATED BY DEFAULT AS IDENTITY,
    kind       text NOT NULL,
    label      text NOT NULL,
    snapshot   text NOT NULL,
    removed_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
    PRIMARY KEY (account_id, id)
);

CREATE TABLE goal_moves (
    account_id     bigint NOT NULL DEFAULT warmline_account(),
    history_id     bigint NOT NULL,
    interaction_id bigint NOT NULL,
    PRIMARY KEY (account_id, history_id),
    FOREIGN KEY (account_id, history_id) REFERENCES goal_stage_history (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, interaction_id) REFERENCES interactions (account_id, id) ON DELETE CASCADE
);

CREATE TABLE no_rhythm (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    decided_on text NOT NULL,
    PRIMARY KEY (account_id, person_id),
    FOREIGN KEY (account_id, person_id) REFERENCES people (account_id, id) ON DELETE CASCADE
);

CREATE TABLE summary_changes (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    seq        bigint GENERATED BY DEFAULT AS IDENTITY,
    person_id  bigint,
    PRIMARY KEY (account_id, seq)
);

CREATE TABLE summary_log (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    id         bigint NOT NULL CHECK (id = 1),
    quiet      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE people_heat (
    account_id bigint NOT NULL DEFAULT warmline_account(),
    person_id  bigint NOT NULL,
    half_life  bigint NOT NULL,
    upto       text NOT NULL,
    heat       double precision NOT NULL,
    at         text,
    last_out   text,
    PRIMARY KEY (account_id, person_id)
);

CREATE INDEX events_name_key ON events (account_id, name_key);
CREATE INDEX people_name_key ON people (account_id, name_key);
CREATE UNIQUE INDEX people_linkedin ON people (account_id, linkedin) WHERE linkedin IS NOT NULL;
CREATE INDEX person_emails_key ON person_emails (account_id, email_key);
CREATE INDEX person_phones_key ON person_phones (account_id, phone_key);
CREATE INDEX person_tags_tag ON person_tags (account_id, tag);
CREATE INDEX work_history_person ON work_history (account_id, person_id);
CREATE INDEX work_history_org ON work_history (account_id, org_id);
CREATE INDEX job_changes_person ON job_changes (account_id, person_id);
CREATE INDEX facts_person ON facts (account_id, person_id);
CREATE UNIQUE INDEX interactions_source_key ON interactions (account_id, source_key) WHERE source_key IS NOT NULL;
CREATE INDEX interaction_people_person ON interaction_people (account_id, person_id, interaction_id);
CREATE INDEX follow_ups_person ON follow_ups (account_id, person_id);
CREATE INDEX follow_ups_open ON follow_ups (account_id, status, due);
CREATE INDEX needs_offers_person ON needs_offers (account_id, person_id);
CREATE INDEX gives_person ON gives (account_id, person_id);
CREATE INDEX goal_stage_history_goal ON goal_stage_history (account_id, goal_id);
CREATE INDEX person_uids_person ON person_uids (account_id, person_id);
CREATE INDEX links_a_strength ON links (account_id, a, strength, b);
CREATE INDEX links_b_strength ON links (account_id, b, strength, a);
CREATE INDEX people_last_contact ON people (account_id, last_contact);
CREATE INDEX people_birthday ON people (account_id, birthday) WHERE birthday IS NOT NULL;
CREATE INDEX follow_ups_done_on ON follow_ups (account_id, done_on) WHERE status = 'done';
CREATE INDEX removed_at ON removed (account_id, removed_at);
CREATE INDEX goal_moves_interaction ON goal_moves (account_id, interaction_id);
CREATE INDEX people_waiting
    ON people (account_id, last_contact, met_on, met_event_id, met_context, tier, cadence_days)
    WHERE tier IS NULL AND cadence_days IS NULL
      AND (last_contact IS NOT NULL OR met_on IS NOT NULL OR met_context IS NOT NULL
           OR met_event_id IS NOT NULL);
CREATE INDEX goal_people_person ON goal_people (account_id, person_id, stage);
CREATE INDEX opportunity_people_person ON opportunity_people (account_id, person_id, role);
CREATE INDEX interactions_on_kind ON interactions (account_id, on_date, kind, direction);
CREATE INDEX people_joined ON people (account_id, (coalesce(met_on, created_on)), met_on, created_on);
CREATE INDEX people_rhythm ON people (account_id, tier, cadence_days, last_contact, created_on);
CREATE INDEX people_subject ON people (account_id, org_id, title, location);
CREATE INDEX people_org_contact ON people (account_id, org_id, last_contact DESC, id);

-- Ids, as SQLite gives them.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organisations', 'events', 'people', 'work_history', 'job_changes',
        'facts', 'interactions', 'follow_ups', 'needs_offers', 'gives', 'goals',
        'goal_stage_history', 'opportunities', 'opportunity_stage_history', 'removed']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION warmline_next_id()',
                       t || '_next_id', t);
    END LOOP;
END $$;

-- The summary change log (010_summary_changes.sql): whose summary may have moved. While
-- a bulk load runs (quiet), nothing is logged and the kept warmth is not dropped: the
-- load logs everyone at its end, as SQLite's dropped triggers do.
CREATE FUNCTION warmline_quiet() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT coalesce((SELECT quiet <> 0 FROM summary_log WHERE id = 1), false) $$;

CREATE FUNCTION warmline_log_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF warmline_quiet() THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'people' THEN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO summary_changes (person_id) VALUES (OLD.id);
            DELETE FROM people_heat WHERE person_id = OLD.id;
        ELSE
            INSERT INTO summary_changes (person_id) VALUES (NEW.id);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO summary_changes (person_id) VALUES (OLD.person_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO summary_changes (person_id) VALUES (NEW.person_id);
    END IF;
    IF TG_TABLE_NAME = 'interaction_people' THEN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM people_heat WHERE person_id = OLD.person_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            DELETE FROM people_heat WHERE person_id = NEW.person_id;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER summary_people AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION warmline_log_person();
CREATE TRIGGER summary_tags AFTER INSERT OR UPDATE OR DELETE ON person_tags
    FOR EACH ROW EXECUTE FUNCTION warmline_log_person();
CREATE TRIGGER summary_taking_part AFTER INSERT OR UPDATE OR DELETE ON interaction_people
    FOR EACH ROW EXECUTE FUNCTION warmline_log_person();

CREATE FUNCTION warmline_log_interaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF warmline_quiet() THEN
        RETURN NULL;
    END IF;
    INSERT INTO summary_changes (person_id)
        SELECT person_id FROM interaction_people WHERE interaction_id = NEW.id;
    IF OLD.on_date IS DISTINCT FROM NEW.on_date OR OLD.kind IS DISTINCT FROM NEW.kind
       OR OLD.direction IS DISTINCT FROM NEW.direction THEN
        DELETE FROM people_heat
         WHERE person_id IN (SELECT person_id FROM interaction_people WHERE interaction_id = NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER summary_interactions_update AFTER UPDATE ON interactions
    FOR EACH ROW EXECUTE FUNCTION warmline_log_interaction();

CREATE FUNCTION warmline_log_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT warmline_quiet() THEN
        INSERT INTO summary_changes (person_id) SELECT id FROM people WHERE org_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER summary_orgs_update AFTER UPDATE OF name ON organisations
    FOR EACH ROW EXECUTE FUNCTION warmline_log_org();

CREATE FUNCTION warmline_log_setting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF warmline_quiet() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.value IS NOT DISTINCT FROM NEW.value THEN
        RETURN NULL;
    END IF;
    INSERT INTO summary_changes (person_id) VALUES (NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER summary_settings AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION warmline_log_setting();

-- One account's rows for one connection: the account comes from the connection's
-- setting, never from the statements.
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
               AND tablename <> 'schema_version'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY account ON %I USING (account_id = warmline_account())
                        WITH CHECK (account_id = warmline_account())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO warmline_app', t);
    END LOOP;
END $$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO warmline_app;
GRANT SELECT ON schema_version TO warmline_app;

-- What a person typed, as the search index reads it: every word a prefix, all of them
-- required, in the columns of `weights` (A: the name; B: organisation and title) or all.
CREATE FUNCTION warmline_tsquery(input text, weights text) RETURNS tsquery
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_tsquery('simple', coalesce(string_agg(quote_literal(w) || ':*' || weights, ' & '), ''))
      FROM regexp_split_to_table(trim(warmline_fold(input)), ' +') AS w
     WHERE w <> ''
$$;

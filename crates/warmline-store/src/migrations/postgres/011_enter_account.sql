-- Moving a pooled connection to an account, and what a request reads first, as one
-- statement the connection prepares once. Sent as three statements in one message, they
-- were parsed and planned again on every request: a quarter of the Person page's time
-- in the database. PL/pgSQL keeps each statement's plan for the session. SECURITY
-- INVOKER (the default): the reads run as the application's role, under row-level
-- security, for the account just set.
CREATE FUNCTION warmline_enter_account(account bigint)
RETURNS TABLE (entered_version bigint, entered_as_of text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('warmline.account', account::text, false);
    INSERT INTO summary_log (id, quiet) VALUES (1, 0) ON CONFLICT DO NOTHING;
    RETURN QUERY
        SELECT coalesce((SELECT d.version FROM data_versions d), 0)::bigint,
               (SELECT s.value FROM settings s WHERE s.key = 'last_contact_as_of');
END $$;

//! Accounts on one PostgreSQL database: each sees and changes only its own rows, even
//! through raw SQL, and removing an account leaves none of its rows behind. Skipped
//! without `WARMLINE_TEST_POSTGRES` (required under CI; see `.ci/postgres`).

mod backends;

use chrono::NaiveDate;
use warmline_core::followup::Origin;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::FactCategory;
use warmline_store::{NewPerson, Store};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

fn person(name: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        emails: vec![format!("{}@example.com", name.to_lowercase())],
        tags: vec!["friend".into()],
        ..NewPerson::default()
    }
}

/// An account with a little of everything.
fn fill(s: &Store) -> i64 {
    let today = d("2026-11-01");
    let a = s.add_person(&person("Dana"), today).unwrap();
    let b = s.add_person(&person("Tom"), today).unwrap();
    s.log_interaction(
        &NewInteraction {
            on: today,
            kind: Kind::Coffee,
            direction: Direction::Outbound,
            summary: "coffee at the market".into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people: vec![a, b],
        },
        today,
    )
    .unwrap();
    s.add_fact(Some(a), FactCategory::Hobby, "climbing", None, today)
        .unwrap();
    s.add_follow_up(
        a,
        "send the article",
        d("2026-11-05"),
        Origin::Manual,
        today,
    )
    .unwrap();
    a
}

/// A raw connection as the application's role, working for `account`.
fn raw(url: &str, account: i64) -> postgres::Client {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.execute(
        "SELECT set_config('warmline.account', $1, false)",
        &[&account.to_string()],
    )
    .unwrap();
    c
}

fn count(c: &mut postgres::Client, table: &str) -> i64 {
    c.query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .unwrap()
        .get(0)
}

/// The tables holding accounts' rows: those under row-level security (not the hosted
/// server's registry, which has no account column to filter on).
fn tables(c: &mut postgres::Client) -> Vec<String> {
    c.query(
        "SELECT tablename::text FROM pg_tables
          WHERE schemaname = current_schema() AND tablename <> 'schema_version'
            AND rowsecurity",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

#[test]
fn an_account_sees_and_changes_only_its_own_rows() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let (one, two) = (backends::new_account(), backends::new_account());
    let first = backends::open_postgres_as(&url, one);
    let second = backends::open_postgres_as(&url, two);
    let dana = fill(&first);
    assert_eq!(second.count_people().unwrap(), 0);
    assert!(second.person(dana).is_err());
    assert_eq!(first.count_people().unwrap(), 2);

    let mut other = raw(&url, two);
    let mut own = raw(&url, one);
    for table in tables(&mut other) {
        let theirs = format!("{table} WHERE account_id = {one}");
        assert!(
            count(&mut own, &theirs) > 0 || table_may_be_empty(&table),
            "{table}"
        );
        assert_eq!(
            count(&mut other, &theirs),
            0,
            "{table} seen from another account"
        );
    }
    assert_eq!(
        other
            .execute("UPDATE people SET name = 'Mallory'", &[])
            .unwrap(),
        0
    );
    assert_eq!(other.execute("DELETE FROM people", &[]).unwrap(), 0);
    let forged = other.execute(
        "INSERT INTO people (account_id, id, name, name_key, created_on, updated_on)
         VALUES ($1, 99, 'Mallory', 'mallory', '2026-11-01', '2026-11-01')",
        &[&one],
    );
    assert!(forged.is_err(), "a row written into another account");
    assert_eq!(first.person(dana).unwrap().name, "Dana");

    // Neither the owner of the rows nor anyone else owns the tables.
    let owned: i64 = other
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()
               AND tableowner = current_user",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        owned, 0,
        "the application's role owns tables: row security would not hold"
    );
    first.delete_account().unwrap();
    second.delete_account().unwrap();
}

#[test]
fn deleting_an_account_removes_every_row_of_it() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let (one, two) = (backends::new_account(), backends::new_account());
    let gone = backends::open_postgres_as(&url, one);
    let kept = backends::open_postgres_as(&url, two);
    fill(&gone);
    let dana = fill(&kept);
    gone.remove_person(fill_extra(&gone)).unwrap();

    let mut c = raw(&url, one);
    let before: i64 = tables(&mut c).iter().map(|t| count(&mut c, t)).sum();
    assert!(before > 10, "the account holds rows before ({before})");
    gone.delete_account().unwrap();
    for table in tables(&mut c) {
        assert_eq!(
            count(&mut c, &table),
            0,
            "{table} kept rows of a removed account"
        );
    }
    assert_eq!(kept.person(dana).unwrap().name, "Dana");
    kept.delete_account().unwrap();
}

/// Tables `fill` leaves empty.
fn table_may_be_empty(table: &str) -> bool {
    ![
        "people",
        "person_emails",
        "person_tags",
        "interactions",
        "interaction_people",
        "facts",
        "follow_ups",
        "summary_log",
    ]
    .contains(&table)
}

/// A person removed into the trash, so the trash holds a row too.
/// Also a capture sent from a device, so its record is among the rows to remove.
fn fill_extra(s: &Store) -> i64 {
    let ana = s.add_person(&person("Ana"), d("2026-11-01")).unwrap();
    s.record_client_entry("device-entry-0001", "met", ana, d("2026-11-01"))
        .unwrap();
    ana
}

/// The web server's caches are checked against `data_version`: on PostgreSQL the
/// account's own number, which writes move and reads leave alone, whatever connection
/// makes them, and which another account's writes never move.
#[test]
fn the_data_version_moves_on_writes_only() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let today = d("2026-11-01");
    let s = backends::open_postgres(&url);
    let dana = fill(&s);
    s.settle_scheduled(today).unwrap();
    let before = s.data_version().unwrap();
    assert!(before > 0, "the writes of fill moved it");
    // What the pages read.
    s.settle_scheduled(today).unwrap();
    s.list_people(&warmline_store::ListFilter::default(), today)
        .unwrap();
    s.today_plan(today, 30).unwrap();
    s.person(dana).unwrap();
    s.search("dana", 10).unwrap();
    s.summary_changes_since(0, 100).unwrap();
    s.backup_json().unwrap();
    assert_eq!(s.data_version().unwrap(), before, "reads leave it alone");

    s.add_person(&person("Zoe"), today).unwrap();
    let after = s.data_version().unwrap();
    assert!(after > before, "a write moves it");

    // Another connection of the same account sees the same number, and its writes move it.
    let same = backends::open_postgres_as(&url, s.postgres_account().unwrap().unwrap());
    assert_eq!(same.data_version().unwrap(), after);
    same.add_person(&person("Yan"), today).unwrap();
    assert!(s.data_version().unwrap() > after);
    let now = s.data_version().unwrap();

    // Another account's writes do not.
    let other = backends::open_postgres(&url);
    other.add_person(&person("Xia"), today).unwrap();
    assert_eq!(s.data_version().unwrap(), now);
    other.delete_account().unwrap();
    s.delete_account().unwrap();
}

/// The version read on entering an account serves `data_version` while the connection
/// only reads (a page then needs no statement for it), and any change through the
/// connection makes it read the version again.
#[test]
fn the_version_read_on_entry_serves_until_a_change() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let today = d("2026-11-01");
    let s = backends::open_postgres(&url);
    let account = s.postgres_account().unwrap().unwrap();
    let dana = fill(&s);
    let entered = s.enter_postgres_account(account).unwrap();
    assert_eq!(entered.version, {
        let other = backends::open_postgres_as(&url, account);
        other.data_version().unwrap()
    });
    s.person(dana).unwrap();
    s.today_plan(today, 30).unwrap();
    assert_eq!(s.data_version().unwrap(), entered.version);

    // A change through this connection: the version is read again, and has moved.
    s.add_person(&person("Zoe"), today).unwrap();
    let after = s.data_version().unwrap();
    assert!(after > entered.version);
    s.add_fact(Some(dana), FactCategory::School, "U of Oregon", None, today)
        .unwrap();
    assert!(s.data_version().unwrap() > after);

    // Entering again keeps the new number until the next change.
    let again = s.enter_postgres_account(account).unwrap();
    assert_eq!(again.version, s.data_version().unwrap());
    s.snapshot(|s| s.person(dana).map(drop)).unwrap();
    assert_eq!(s.data_version().unwrap(), again.version);
    s.add_person(&person("Yan"), today).unwrap();
    assert!(s.data_version().unwrap() > again.version);
    s.delete_account().unwrap();
}

/// A connection of a pool shared by accounts moves from one to the other: it then sees
/// and writes the new account's rows only.
#[test]
fn a_connection_moves_to_another_account_whole() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let today = d("2026-11-01");
    let s = backends::open_postgres(&url);
    fill(&s);
    let first = s.postgres_account().unwrap().unwrap();
    let second = backends::new_account();
    s.switch_postgres_account(second).unwrap();
    assert_eq!(s.postgres_account().unwrap(), Some(second));
    assert_eq!(s.count_people().unwrap(), 0);
    s.add_person(&person("Zoe"), today).unwrap();
    s.switch_postgres_account(first).unwrap();
    assert_eq!(s.count_people().unwrap(), 2);
    assert!(s.switch_postgres_account(0).is_err());
    s.delete_account().unwrap();
    s.switch_postgres_account(second).unwrap();
    s.delete_account().unwrap();
}

/// Entering an account reads, in the same round trip, what a request needs first: the
/// account's version, as `data_version` reads it, and the day it is settled up to; a
/// meeting whose day has come since is still settled from what was read.
#[test]
fn entering_an_account_reads_its_version_and_settled_day() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let s = backends::open_postgres(&url);
    let first = s.postgres_account().unwrap().unwrap();
    let dana = s.add_person(&person("Dana"), d("2026-11-01")).unwrap();
    s.settle_scheduled(d("2026-12-01")).unwrap();
    s.log_interaction(
        &NewInteraction {
            on: d("2026-12-03"),
            kind: Kind::Coffee,
            direction: Direction::Mutual,
            summary: "coffee, booked".into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people: vec![dana],
        },
        d("2026-12-01"),
    )
    .unwrap();
    let second = backends::new_account();
    let other = s.enter_postgres_account(second).unwrap();
    assert_eq!(other.contacts_as_of, None);
    assert_eq!(other.version, s.data_version().unwrap());
    let entered = s.enter_postgres_account(first).unwrap();
    assert_eq!(s.postgres_account().unwrap(), Some(first));
    assert_eq!(entered.version, s.data_version().unwrap());
    assert_eq!(entered.contacts_as_of, Some(d("2026-12-01")));
    // The same day: nothing to settle, and nothing written.
    s.settle_scheduled_from(d("2026-12-01"), entered.contacts_as_of)
        .unwrap();
    assert_eq!(s.data_version().unwrap(), entered.version);
    assert_eq!(s.last_contact(dana).unwrap(), None);
    // The meeting's day: it counts.
    s.settle_scheduled_from(d("2026-12-03"), entered.contacts_as_of)
        .unwrap();
    assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-12-03")));
    let later = s.enter_postgres_account(first).unwrap();
    assert_eq!(later.contacts_as_of, Some(d("2026-12-03")));
    assert!(later.version > entered.version);
    assert!(s.enter_postgres_account(0).is_err());
    s.delete_account().unwrap();
    s.switch_postgres_account(second).unwrap();
    s.delete_account().unwrap();
}

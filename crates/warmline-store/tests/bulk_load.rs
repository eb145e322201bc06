//! Bulk loads skip per-row upkeep and settle it at their end, set-based; what they leave
//! must be what the same rows written one at a time leave.

mod backends;

use backends::each_backend;
use chrono::{Duration, NaiveDate};
use warmline_core::followup::{FollowUp, Origin};
use warmline_core::goal::Stage;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::Met;
use warmline_store::{NeedOrOffer, NewGoal, NewPerson, Store};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

/// A small network with what the settling has to get right: people met at an event
/// whose follow-up a later interaction completes (or an earlier one does not), people
/// with no interactions, interactions shared by several people, and a person whose
/// latest interaction is shared.
fn load(s: &Store) -> warmline_store::Result<()> {
    let mut rng = fastrand::Rng::with_seed(7);
    let start = d("2026-01-05");
    let mut ids: Vec<(i64, NaiveDate)> = Vec::new();
    for n in 0..60 {
        let met_on = start + Duration::days(rng.i64(0..200));
        let at_event = rng.u8(..100) < 40;
        let new = NewPerson {
            name: format!("Person {n}"),
            org: Some(format!("Org {}", n % 7)),
            met: Met {
                context: Some(if at_event { "a mixer" } else { "LinkedIn" }.into()),
                on: Some(met_on),
                event_id: None,
            },
            ..NewPerson::default()
        };
        let id = s.add_person(&new, met_on)?;
        if n % 5 == 0 {
            // Each carries a copy of its person's last contact, which the settling sets.
            s.add_need_offer(
                Some(id),
                NeedOrOffer::Need,
                "an intro to a recruiter",
                met_on,
            )?;
        }
        if n % 9 == 1 {
            s.link(ids[n - 1].0, id, Some(3), Some("same team"))?;
        }
        if at_event {
            s.add_follow_up(
                id,
                "say hello",
                met_on + Duration::days(2),
                Origin::AfterEvent,
                met_on,
            )?;
        }
        ids.push((id, met_on));
    }
    // Logged in date order, as a history is lived: written one at a time, the first
    // interaction logged after a meeting is the one that completes its follow-up.
    let mut history = Vec::new();
    for (i, &(id, met_on)) in ids.iter().enumerate() {
        // Some never heard of again; some last seen the day before they were met.
        let count = rng.usize(0..6);
        for k in 0..count {
            let on = if k == 0 && rng.bool() {
                met_on - Duration::days(1)
            } else {
                met_on + Duration::days(rng.i64(0..120))
            };
            let mut people = vec![id];
            if rng.u8(..100) < 20 {
                people.push(ids[(i + 1 + rng.usize(..ids.len() - 1)) % ids.len()].0);
            }
            history.push((on, people, format!("talked shop {i}-{k}")));
        }
    }
    history.sort_by_key(|(on, ..)| *on);
    for (on, people, summary) in history {
        let new = NewInteraction {
            on,
            kind: Kind::Coffee,
            direction: Direction::Mutual,
            summary,
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people,
        };
        s.log_interaction(&new, on)?;
    }
    Ok(())
}

/// Everyone's last contact and follow-ups, and who a word finds, keyed by name.
fn state(s: &Store) -> Vec<(String, Option<NaiveDate>, Vec<String>, usize)> {
    let mut out = Vec::new();
    for n in 0..60 {
        let name = format!("Person {n}");
        let id = s.resolve_person(&name).unwrap();
        let follow_ups: Vec<String> = s
            .follow_ups_for(id)
            .unwrap()
            .iter()
            .map(|f: &FollowUp| format!("{} {:?} {:?}", f.text, f.status, f.done_on))
            .collect();
        let found = s.search(&format!("shop {n}"), 100).unwrap().len();
        out.push((name, s.last_contact(id).unwrap(), follow_ups, found));
    }
    out
}

fn one_by_one() -> Vec<(String, Option<NaiveDate>, Vec<String>, usize)> {
    let s = Store::open_in_memory().unwrap();
    load(&s).unwrap();
    state(&s)
}

#[test]
fn a_bulk_load_settles_as_rows_written_one_by_one() {
    let expected = one_by_one();
    assert!(expected.iter().any(|(_, last, ..)| last.is_none()));
    assert!(
        expected
            .iter()
            .any(|(_, _, f, _)| f.iter().any(|f| f.contains("Done")))
    );
    assert!(
        expected
            .iter()
            .any(|(_, _, f, _)| f.iter().any(|f| f.contains("Open")))
    );
    each_backend("a_bulk_load_settles_as_rows_written_one_by_one", |s| {
        s.bulk(load).unwrap();
        assert_eq!(state(s), expected);
    });
}

/// Every index and trigger of the file, with the statement that made it.
fn indexes(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
              WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// An empty database file (`fresh.db` in the folder), and its indexes and triggers.
fn empty_file() -> (tempfile::TempDir, Store, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    let s = Store::open(&path).unwrap();
    let before = indexes(&path);
    (dir, s, before)
}

#[test]
fn a_fresh_load_settles_the_same_and_builds_every_index_again() {
    let (dir, s, before) = empty_file();
    let path = dir.path().join("fresh.db");
    assert!(before.iter().any(|(n, _)| n == "interactions_on_kind"));
    assert!(before.iter().any(|(n, _)| n == "people_rhythm"));
    assert!(before.iter().any(|(n, _)| n == "people_seen"));

    // A load that fails puts the indexes back with everything else.
    let failed: warmline_store::Result<()> = s.bulk_fresh(|s| {
        load(s)?;
        Err(warmline_store::StoreError::Invalid("stop".into()))
    });
    assert!(failed.is_err());
    assert_eq!(s.count_people().unwrap(), 0);
    assert_eq!(indexes(&path), before);

    s.bulk_fresh(load).unwrap();
    assert_eq!(indexes(&path), before);
    assert_eq!(state(&s), one_by_one());
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // The give walk's copy of each person's last contact, settled for all at once.
    let (seen, stale): (i64, i64) = conn
        .query_row(
            "SELECT count(n.seen_on), count(*) FILTER (WHERE n.seen_on IS NOT p.last_contact)
               FROM needs_offers n JOIN people p ON p.id = n.person_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(seen > 0);
    assert_eq!(stale, 0);
}

#[test]
fn a_fresh_load_checks_every_reference_at_its_end_and_keeps_them_checked_after() {
    let (dir, s, before) = empty_file();
    let path = dir.path().join("fresh.db");

    // Rows of a bulk load are not checked one by one; a row naming no one still fails
    // the whole load, with what it named.
    let broken = s.bulk_fresh(|s| {
        load(s)?;
        let new = NewInteraction {
            on: d("2026-03-02"),
            kind: Kind::Call,
            direction: Direction::Outbound,
            summary: "a call to no one".into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people: vec![999_999],
        };
        s.log_interaction(&new, d("2026-03-02"))?;
        Ok(())
    });
    let message = broken.unwrap_err().to_string();
    assert!(
        message.contains("interaction_people") && message.contains("people row that is not there"),
        "{message}"
    );
    assert_eq!(s.count_people().unwrap(), 0);
    assert_eq!(indexes(&path), before);

    s.bulk_fresh(load).unwrap();
    // Once loaded, removing a person reaches the rows that name them, through the
    // references the load had set aside.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let shared: i64 = conn
        .query_row(
            "SELECT person_id FROM interaction_people WHERE interaction_id IN
                (SELECT interaction_id FROM interaction_people GROUP BY interaction_id HAVING count(*) > 1)
              LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.remove_person(shared).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM interaction_people WHERE person_id = ?1",
            [shared],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    // And a later link to no one is refused as it is written.
    assert!(s.link(1, 999_999, None, None).is_err());
}

/// Every row of the interactions, their participants and the goals' stage history, as
/// text.
fn interaction_rows(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT * FROM interactions ORDER BY id",
        "SELECT * FROM interaction_people ORDER BY interaction_id, person_id",
        "SELECT * FROM goal_stage_history ORDER BY rowid",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|cols| cols.join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn interactions_logged_many_at_once_are_the_rows_logged_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    // Histories of several people, some with more than one statement's worth of rows,
    // some shared, one with notes and one without a source; some written the day they
    // happened and some later.
    let histories = |s: &Store| -> Vec<Vec<(NewInteraction, NaiveDate)>> {
        let ids = friends(s);
        // One of them in a goal, which each interaction moves forward.
        let goal = s
            .add_goal(
                &NewGoal {
                    title: "PR roles".into(),
                    purpose: None,
                    profile: Default::default(),
                    weekly: Default::default(),
                    deadline: None,
                },
                d("2026-01-02"),
            )
            .unwrap();
        s.set_goal_stage(goal, ids[1], Stage::Identified, d("2026-01-02"))
            .unwrap();
        histories_of(&ids, Direction::Outbound)
    };
    let one_at_a_time = dir.path().join("one.db");
    let s = Store::open(&one_at_a_time).unwrap();
    s.bulk_fresh(|s| {
        for history in histories(s) {
            for (new, today) in &history {
                s.log_interaction(new, *today)?;
            }
        }
        Ok(())
    })
    .unwrap();
    let expected = interaction_rows(&one_at_a_time);
    assert!(expected.len() > 170);
    assert!(
        expected
            .iter()
            .filter(|r| r.contains("Text(\"conversation\")"))
            .count()
            > 0,
        "the goal moved: {:?}",
        &expected[expected.len() - 3..]
    );

    let many = dir.path().join("many.db");
    let s = Store::open(&many).unwrap();
    let counted = s
        .bulk_fresh(|s| {
            let mut n = 0;
            for history in histories(s) {
                n += s.log_interactions(&history)?;
            }
            Ok(n)
        })
        .unwrap();
    assert_eq!(counted, 167);
    assert_eq!(interaction_rows(&many), expected);

    // Outside a bulk load each is logged as it comes, refused as log_interaction refuses.
    let s = Store::open_in_memory().unwrap();
    let mut history = histories(&s).remove(1);
    assert_eq!(s.log_interactions(&history[..3]).unwrap(), 3);
    history[4].0.summary = " ".into();
    let refused = s.bulk(|s| s.log_interactions(&history[3..])).unwrap_err();
    assert!(refused.to_string().contains("needs a summary"), "{refused}");
}

/// Five new people.
fn friends(s: &Store) -> Vec<i64> {
    (0..5)
        .map(|n| {
            s.add_person(
                &NewPerson {
                    name: format!("Friend {n}"),
                    ..NewPerson::default()
                },
                d("2026-01-02"),
            )
            .unwrap()
        })
        .collect()
}

/// Each of `ids`' histories, some with more than one statement's worth of rows, some
/// shared, one naming someone twice, one with notes and one without a source, with
/// untrimmed text; some written the day they happened and some later.
fn histories_of(ids: &[i64], direction: Direction) -> Vec<Vec<(NewInteraction, NaiveDate)>> {
    ids.iter()
        .enumerate()
        .map(|(n, &id)| {
            (0..[1, 31, 32, 33, 70][n])
                .map(|k| {
                    let on = d("2026-01-05") + Duration::days(k * 3);
                    let mut people = vec![id];
                    if k % 7 == 3 {
                        people.push(ids[(n + 1) % ids.len()]);
                    }
                    if k == 9 {
                        // Named twice, taking part once.
                        people.push(id);
                    }
                    let new = NewInteraction {
                        on,
                        kind: if k % 2 == 0 { Kind::Call } else { Kind::Email },
                        direction,
                        summary: format!("  catching up {n}-{k} "),
                        notes: if k == 5 {
                            " brought the draft ".into()
                        } else {
                            String::new()
                        },
                        source: if k == 6 { String::new() } else { "demo".into() },
                        source_key: None,
                        people,
                    };
                    (new, on + Duration::days(k % 3))
                })
                .collect()
        })
        .collect()
}

/// [`histories_of`] five new people, one after the other; nobody is in a goal.
fn plain_histories(s: &Store) -> Vec<(NewInteraction, NaiveDate)> {
    histories_of(&friends(s), Direction::Inbound).concat()
}

/// The scratch files beside `db`.
fn scratch_files(db: &std::path::Path) -> Vec<std::path::PathBuf> {
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{name}-aside-"))
        })
        .collect()
}

#[test]
fn interactions_written_aside_are_the_rows_logged_one_at_a_time() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.db");
    let s = Store::open(&one).unwrap();
    s.bulk_fresh(|s| {
        for (new, today) in plain_histories(s) {
            s.log_interaction(&new, today)?;
        }
        Ok(())
    })
    .unwrap();
    let expected = interaction_rows(&one);
    assert!(expected.len() > 300);

    // A file left by a load whose process is gone is removed by the next load.
    let aside = dir.path().join("aside.db");
    let left = dir.path().join("aside.db-aside-4000000000");
    std::fs::write(&left, b"left by a killed load").unwrap();
    let s = Store::open(&aside).unwrap();
    let counted = s
        .bulk_fresh(|s| {
            let histories = plain_histories(s);
            s.log_interactions_aside(|aside| {
                let mut n = aside.log(histories[..40].to_vec())?;
                // Written by the second thread into a private file of its own, and not
                // in the database yet, where the store logs none meanwhile.
                let files = scratch_files(s.path().unwrap());
                assert_eq!(files.len(), 1, "{files:?}");
                let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600);
                let refused = s.log_interaction(&histories[40].0, histories[40].1);
                assert!(refused.is_err());
                n += aside.log(histories[40..].to_vec())?;
                Ok(n)
            })
        })
        .unwrap();
    assert_eq!(counted, 167);
    assert_eq!(interaction_rows(&aside), expected);
    assert_eq!(state_after_settling(&aside), state_after_settling(&one));
    assert!(scratch_files(&aside).is_empty());
    assert!(!left.exists());
    // Once the load is over the store logs as ever.
    let later = plain_histories(&Store::open_in_memory().unwrap()).remove(0);
    assert!(s.log_interaction(&later.0, later.1).unwrap().is_some());
}

/// Everyone's last contact, as the load settled it.
fn state_after_settling(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name || ' ' || coalesce(last_contact, '-') FROM people ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_load_that_fails_leaves_nothing_aside_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fails.db");
    let s = Store::open(&path).unwrap();
    let failed: warmline_store::Result<usize> = s.bulk_fresh(|s| {
        let histories = plain_histories(s);
        s.log_interactions_aside(|aside| {
            aside.log(histories.clone())?;
            Err(warmline_store::StoreError::Invalid("stop".into()))
        })
    });
    assert!(failed.is_err());
    assert_eq!(s.count_people().unwrap(), 0);
    assert!(scratch_files(&path).is_empty());
    // A refused interaction fails the load the same way, before it is written.
    let refused: warmline_store::Result<usize> = s.bulk_fresh(|s| {
        let mut histories = plain_histories(s);
        histories[7].0.summary = " ".into();
        s.log_interactions_aside(|aside| aside.log(histories))
    });
    assert!(refused.unwrap_err().to_string().contains("needs a summary"));
    assert_eq!(s.count_people().unwrap(), 0);
    assert!(scratch_files(&path).is_empty());
    // A load that panics takes its file with it, and the store no longer refuses to log
    // interactions (it is still inside the load's transaction, which closing it undoes).
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        s.bulk_fresh(|s| {
            let histories = plain_histories(s);
            s.log_interactions_aside(|aside| -> warmline_store::Result<()> {
                aside.log(histories)?;
                panic!("a bug in the load");
            })
        })
    }));
    assert!(panicked.is_err());
    assert!(scratch_files(&path).is_empty());
    let later = plain_histories(&s).remove(0);
    assert!(s.log_interaction(&later.0, later.1).unwrap().is_some());
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn without_a_file_or_a_fresh_table_interactions_are_logged_at_once() {
    // In memory there is no file to write beside, and a file with interactions already
    // has ids to keep: each batch is logged as it comes, and is there to read at once.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("used.db");
    let used = Store::open(&path).unwrap();
    let first = plain_histories(&used).remove(0);
    used.log_interaction(&first.0, first.1).unwrap();
    for s in [Store::open_in_memory().unwrap(), used] {
        let before = s.count_interactions().unwrap() as usize;
        let n = s
            .bulk(|s| {
                let histories = plain_histories(s);
                s.log_interactions_aside(|aside| {
                    let n = aside.log(histories)?;
                    assert_eq!(s.count_interactions()? as usize, before + n);
                    Ok(n)
                })
            })
            .unwrap();
        assert_eq!(n, 167);
    }
    assert!(scratch_files(&path).is_empty());
}

#[test]
fn a_scratch_file_removed_under_the_load_fails_it_rather_than_losing_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.db");
    let s = Store::open(&path).unwrap();
    let failed: warmline_store::Result<usize> = s.bulk_fresh(|s| {
        let histories = plain_histories(s);
        s.log_interactions_aside(|aside| {
            let n = aside.log(histories)?;
            // Removed while the writer still has it open: the rows are not there to copy.
            for file in scratch_files(s.path().unwrap()) {
                std::fs::remove_file(&file).unwrap();
            }
            Ok(n)
        })
    });
    let message = failed.unwrap_err().to_string();
    assert!(message.contains("taken.db-aside-"), "{message}");
    assert_eq!(s.count_people().unwrap(), 0);
    assert!(scratch_files(&path).is_empty());
}

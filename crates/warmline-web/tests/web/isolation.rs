//! The attacker's view of hosted mode. Every route comes from the router's own tables
//! (`page_routes`, `account_routes`), so a route added later is called here too.
//!
//! Two accounts: Dana has a network, Mallory an empty one. Logged in as Mallory, every
//! route is called with Dana's ids and forms naming Dana's people: each answers 404 (or
//! 405 for a method the route does not take), and Dana's database does not change.
//! Without a session, every route but the public ones sends the browser to the login,
//! and nothing is written anywhere.

use axum::http::StatusCode;
use warmline_store::Store;
use warmline_store::accounts::AccountId;

use crate::hosted_support::Server;
use crate::support::seed;

/// Every address of the hosted router, with its placeholders.
fn every_route() -> Vec<&'static str> {
    let mut all: Vec<&str> = warmline_web::page_routes()
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    all.extend(
        warmline_web::server::account_routes()
            .into_iter()
            .map(|(p, _)| p),
    );
    all.push("/static/{file}");
    all
}

/// The addresses a route stands for, with `ids` in its `{id}` and every action.
fn addresses(route: &str, ids: &[i64], calendar: &str) -> Vec<String> {
    let mut out = Vec::new();
    let actions = ["done", "snooze", "cancel", "remove", "rm"];
    if route.contains("{id}") {
        for id in ids {
            let with_id = route.replace("{id}", &id.to_string());
            if with_id.contains("{action}") {
                out.extend(actions.iter().map(|a| with_id.replace("{action}", a)));
            } else {
                out.push(with_id);
            }
        }
    } else if route.contains("{file}") {
        out.push(route.replace("{file}", &format!("{calendar}.ics")));
    } else if route.contains("{token}") {
        out.push(route.replace("{token}", &"ab".repeat(32)));
    } else {
        out.push(route.to_string());
    }
    out
}

/// What a form of Dana's could say: her people's ids and names in every field a page
/// reads a person, a goal or a date from.
fn hostile_form(ids: &[i64]) -> Vec<(String, String)> {
    let id = ids[0].to_string();
    let mut fields: Vec<(String, String)> = [
        "person",
        "people",
        "other",
        "goal",
        "job",
        "org",
        "event",
        "id",
        "item",
        "with",
        "target",
        "from",
        "to",
        "interaction",
        "follow_up",
        "need",
    ]
    .iter()
    .map(|k| (k.to_string(), id.clone()))
    .collect();
    for (k, v) in [
        ("name", "Someone New"),
        ("q", "Dana"),
        ("text", "a note"),
        ("what", "coffee"),
        ("kind", "coffee"),
        ("on", "2026-11-20"),
        ("due", "2026-12-01"),
        ("stage", "contacted"),
        ("status", "done"),
        ("action", "done"),
        ("days", "7"),
        ("tier", "close"),
        ("back", "/"),
        // Not the password: the login route is called too, and must not succeed.
        ("password", "not the password of anyone"),
        ("email", "dana@example.com"),
    ] {
        fields.push((k.into(), v.into()));
    }
    fields
}

/// Every row of the account's network, as the JSON backup holds it.
fn contents(store: &Store) -> String {
    store.backup_json().unwrap().to_string()
}

fn calendar_token(store: &Store) -> String {
    let token = "cd".repeat(32);
    store
        .update_settings(|s| {
            s.calendar_token = Some(token.clone());
            Ok(())
        })
        .unwrap();
    token
}

/// Dana's ids: people, interactions, facts, follow-ups and every other row, whatever
/// table it is in (the routes take ids of each kind).
fn dana_ids(store: &Store) -> Vec<i64> {
    let doc = store.backup_json().unwrap();
    let mut ids: Vec<i64> = doc["tables"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|rows| rows.as_array().unwrap().iter())
        .filter_map(|row| row.get("id").and_then(serde_json::Value::as_i64))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn setup(s: Server) -> (Server, AccountId, AccountId) {
    let dana = s.add("dana@example.com");
    let mallory = s.add("mallory@example.com");
    let store = s.store(dana);
    seed(&store);
    (s, dana, mallory)
}

#[test]
fn another_accounts_ids_and_forms_find_nothing_and_change_nothing() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            let (s, dana, mallory) = setup(s);
            let dana_store = s.store(dana);
            let calendar = calendar_token(&dana_store);
            // A goal, a removal in the trash: the other kinds of ids a route takes.
            let ids = dana_ids(&dana_store);
            assert!(ids.len() >= 2, "{ids:?}");
            let mut b = s.logged_in("mallory@example.com").await;
            // Mallory's database is made by her first page; from then on it is compared.
            assert_eq!(b.get("/").await.status, StatusCode::OK);
            let before_dana = contents(&dana_store);
            let mallory_store = s.store(mallory);
            let before_mallory = contents(&mallory_store);
            let form = hostile_form(&ids);
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut called = 0;
            // Routes with ids first: the others may add to Mallory's own network (adding a person
            // is hers to do), after which her ids would name her own rows.
            let mut routes = every_route();
            routes.sort_by_key(|r| !r.contains('{'));
            for route in routes {
                let parameterised = route.contains('{') && !route.starts_with("/static/");
                // The account's own settings act on the session's account, never on an id.
                let own = route.starts_with("/account/") || route == "/logout";
                if own {
                    continue;
                }
                for address in addresses(route, &ids, &calendar) {
                    for post in [false, true] {
                        let r = if post {
                            b.post(&address, &form).await
                        } else {
                            b.get(&address).await
                        };
                        called += 1;
                        assert!(
                            !r.status.is_server_error(),
                            "{} {address}: {}",
                            if post { "POST" } else { "GET" },
                            r.status
                        );
                        for secret in ["Dana Lee", "Sam Park", "Bright Comms"] {
                            assert!(!r.body.contains(secret), "{address} showed {secret}");
                        }
                        if parameterised && !route.starts_with("/set-password/") {
                            // 404: nothing of that id here. 405: the route takes no such method.
                            // 422: the form was refused before any id was looked up.
                            assert!(
                                matches!(
                                    r.status,
                                    StatusCode::NOT_FOUND
                                        | StatusCode::METHOD_NOT_ALLOWED
                                        | StatusCode::UNPROCESSABLE_ENTITY
                                ),
                                "{} {address} answered {} with another account's id:\n{}",
                                if post { "POST" } else { "GET" },
                                r.status,
                                r.body
                            );
                        }
                        assert_eq!(
                            contents(&dana_store),
                            before_dana,
                            "{address} changed the other account's network"
                        );
                        if parameterised {
                            assert_eq!(
                                contents(&mallory_store),
                                before_mallory,
                                "{address} wrote in the caller's own network"
                            );
                        }
                    }
                }
            }
            assert!(
                called > 150,
                "only {called} requests: is the route table read?"
            );
            // Still logged in as Mallory, and the session still names Mallory.
            assert_eq!(b.get("/people").await.status, StatusCode::OK);
            assert!(
                b.get("/settings")
                    .await
                    .body
                    .contains("mallory@example.com")
            );
        }
    })
}

#[test]
fn without_a_session_only_the_public_routes_answer() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            let (s, dana, _) = setup(s);
            let dana_store = s.store(dana);
            let calendar = calendar_token(&dana_store);
            let ids = dana_ids(&dana_store);
            let before = contents(&dana_store);
            let form = hostile_form(&ids);
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut b = s.browser();
            let public = [
                "/login",
                "/login/code",
                "/signup",
                "/healthz",
                "/set-password/{token}",
                "/static/{file}",
            ];
            for route in every_route() {
                for address in addresses(route, &ids, &calendar) {
                    for post in [false, true] {
                        let r = if post {
                            b.post(&address, &form).await
                        } else {
                            b.get(&address).await
                        };
                        if public.contains(&route) {
                            assert!(!r.status.is_server_error(), "{address}: {}", r.status);
                            assert!(b.session.is_none(), "{address} opened a session");
                        } else {
                            assert_eq!(
                                (r.status, r.location()),
                                (StatusCode::SEE_OTHER, "/login"),
                                "{} {address} answered without a session",
                                if post { "POST" } else { "GET" }
                            );
                        }
                    }
                }
            }
            // An address no route knows asks for a login too, rather than saying it is unknown.
            assert_eq!(b.get("/no/such/page").await.location(), "/login");
            assert_eq!(contents(&dana_store), before);
        }
    })
}

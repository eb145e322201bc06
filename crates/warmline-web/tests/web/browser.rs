//! Browser tests: headless Chromium driven through ChromeDriver (fantoccini) against the
//! real server on a free port. A person is added, an interaction logged with a promise,
//! the follow-up found on Today and checked off; search as you type works; a person moves
//! along a goal's pipeline; a file is imported through its preview; and every page is
//! photographed at phone and desktop widths into `<target>/tmp/screenshots/`.
//!
//! Chromium missing is a failure under CI (`CI=true`) and a printed skip elsewhere.
//! Nothing here sleeps a fixed time: each step polls for what it waits on.

use std::future::Future;
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use warmline_web::{App, Today};

use crate::support::today;

const PATIENCE: Duration = Duration::from_secs(20);

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Polls `check` until it holds, or fails the test saying what never happened.
async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + PATIENCE;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_driver(chromedriver: &Path) -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    until("chromedriver to listen", || async move {
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
    })
    .await;
    (driver, port)
}

async fn connect(chromium: &Path, driver_port: u16, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::rustls()
        .expect("TLS set-up")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session")
}

struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn start_server(db: PathBuf) -> Server {
    let app = App::open(db, Today::Fixed(today())).expect("the database opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        let _ = warmline_web::serve(listener, app, shutdown).await;
    });
    Server {
        base,
        stop: Some(stop),
    }
}

async fn path_of(c: &Client) -> String {
    c.current_url()
        .await
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
        .unwrap_or_default()
}

async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn fill(c: &Client, css: &str, text: &str) {
    let e = c
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

fn shots_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn photograph(c: &Client, base: &str, pages: &[(&str, &str)]) {
    for (width, height, label) in [(390, 844, "phone"), (1280, 900, "desktop")] {
        c.set_window_size(width, height).await.unwrap();
        for (name, path) in pages {
            c.goto(&format!("{base}{path}")).await.unwrap();
            c.wait()
                .at_most(PATIENCE)
                .for_element(Locator::Css("main"))
                .await
                .unwrap();
            let png = c.screenshot().await.unwrap();
            std::fs::write(shots_dir().join(format!("{name}-{label}.png")), png).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_added_met_logged_and_followed_up_in_the_browser() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
        find_program(&["chromedriver"]),
    ) else {
        assert!(
            !ci,
            "chromium and chromedriver are needed for the browser tests (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipping the browser tests: chromium or chromedriver is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(dir.path().join("browser.db")).await;
    let (_driver, port) = start_driver(&chromedriver).await;
    let c = connect(&chromium, port, &dir.path().join("profile")).await;
    let base = server.base.clone();
    c.set_window_size(1280, 900).await.unwrap();

    // Add a person met at a mixer today.
    c.goto(&format!("{base}/people/new")).await.unwrap();
    fill(&c, "input[name=name]", "Dana Lee").await;
    fill(&c, "#org", "Acme PR").await;
    fill(&c, "#title", "Account Director").await;
    fill(&c, "#met", "PRSA mixer").await;
    fill(&c, "#tags", "pr").await;
    click(&c, "form[action='/people'] button[type=submit]").await;
    until("the new person's page", || async {
        path_of(&c).await == "/people/1?n=added"
    })
    .await;
    assert_eq!(text_of(&c, "h1").await, "Dana Lee");
    assert!(
        text_of(&c, ".followups")
            .await
            .contains("while the meeting is fresh")
    );

    // Log a coffee with a promise due today.
    fill(&c, "#summary", "Coffee: talked about her move to Austin").await;
    c.find(Locator::Css("#kind"))
        .await
        .unwrap()
        .select_by_value("coffee")
        .await
        .unwrap();
    click(&c, "form[action='/people/1/log'] details summary").await;
    fill(&c, "#promise", "send my portfolio").await;
    fill(&c, "#follow_up", "0").await;
    click(&c, "form[action='/people/1/log'] button[type=submit]").await;
    until("the logged notice", || async {
        path_of(&c).await == "/people/1?n=logged"
    })
    .await;
    assert!(text_of(&c, ".timeline").await.contains("move to Austin"));
    assert!(
        text_of(&c, ".followups")
            .await
            .contains("send my portfolio")
    );

    // The promise is on Today; check it off there.
    c.goto(&format!("{base}/")).await.unwrap();
    let plan = text_of(&c, ".plan").await;
    assert!(
        plan.contains("Dana Lee") && plan.contains("portfolio"),
        "{plan}"
    );
    click(&c, ".plan .item.follow_up form.done button").await;
    until("the done notice", || async {
        path_of(&c).await == "/?n=done"
    })
    .await;
    assert!(!text_of(&c, "main").await.contains("send my portfolio"));

    // The after-event follow-up is completed from the person's page.
    c.goto(&format!("{base}/people/1")).await.unwrap();
    click(&c, ".followups form[action$='/done'] button").await;
    until("the follow-up to close", || async {
        path_of(&c).await == "/people/1?n=done"
    })
    .await;
    assert!(text_of(&c, "#fu-h + p").await.contains("Nothing open"));

    // Search as you type: the list narrows without pressing Show.
    c.goto(&format!("{base}/people/new")).await.unwrap();
    fill(&c, "input[name=name]", "Sam Park").await;
    click(&c, "form[action='/people'] button[type=submit]").await;
    until("Sam's page", || async {
        path_of(&c).await.starts_with("/people/2")
    })
    .await;
    c.goto(&format!("{base}/people")).await.unwrap();
    assert!(text_of(&c, "#results").await.contains("Sam Park"));
    fill(&c, "#q", "austin").await;
    until("the list to narrow", || async {
        let t = text_of(&c, "#results").await;
        t.contains("Dana Lee") && !t.contains("Sam Park")
    })
    .await;

    // Set a goal, add Dana to it from her page, and move her along its board.
    c.goto(&format!("{base}/goals")).await.unwrap();
    fill(&c, "#title", "Break into PR").await;
    fill(&c, "#industry", "public relations").await;
    click(&c, "form[action='/goals'] button[type=submit]").await;
    until("the goal's page", || async {
        path_of(&c).await == "/goals/1?n=added"
    })
    .await;
    c.goto(&format!("{base}/people/1")).await.unwrap();
    click(&c, "form[action='/goals/pipeline'] button[type=submit]").await;
    until("Dana in the pipeline", || async {
        path_of(&c).await == "/people/1?n=moved"
    })
    .await;
    c.goto(&format!("{base}/goals/1")).await.unwrap();
    assert!(
        text_of(&c, ".board .column:nth-child(1)")
            .await
            .contains("Dana Lee")
    );
    c.find(Locator::Css("#move-1"))
        .await
        .unwrap()
        .select_by_value("conversation")
        .await
        .unwrap();
    click(&c, "#move-1 + button").await;
    until("the move", || async {
        path_of(&c).await == "/goals/1?n=moved"
    })
    .await;
    assert!(
        text_of(&c, ".board .column:nth-child(4)")
            .await
            .contains("Dana Lee")
    );
    assert!(
        !text_of(&c, ".board .column:nth-child(1)")
            .await
            .contains("Dana Lee")
    );

    // Import a file through the preview.
    let cards = dir.path().join("contacts.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@engine.example\r\nEND:VCARD\r\n",
    )
    .unwrap();
    c.goto(&format!("{base}/import")).await.unwrap();
    c.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&cards.display().to_string())
        .await
        .unwrap();
    click(&c, "form[action='/import'] button[type=submit]").await;
    until("the preview", || async {
        text_of(&c, "main")
            .await
            .contains("What this file would change")
    })
    .await;
    assert!(text_of(&c, "main").await.contains("add Ada Lovelace"));
    click(&c, "form[action='/import/confirm'] button[type=submit]").await;
    until("the import", || async {
        text_of(&c, "h2").await == "Imported"
    })
    .await;
    c.goto(&format!("{base}/people?q=ada")).await.unwrap();
    assert!(text_of(&c, "#results").await.contains("Ada Lovelace"));

    // Correct the coffee, remove it, and take the removal back with Undo.
    c.goto(&format!("{base}/people/1")).await.unwrap();
    click(&c, ".timeline a.fix").await;
    until("the interaction's edit page", || async {
        path_of(&c).await.starts_with("/interactions/")
    })
    .await;
    fill(&c, "#f-summary", "Coffee: talked about her move to Denver").await;
    click(&c, "form[action$='/edit'] button[type=submit]").await;
    until("the saved notice", || async {
        path_of(&c).await == "/people/1?n=saved"
    })
    .await;
    assert!(text_of(&c, ".timeline").await.contains("move to Denver"));
    click(&c, ".timeline a.fix").await;
    click(&c, "form[action$='/remove'] button[type=submit]").await;
    until("the removed notice", || async {
        path_of(&c).await.starts_with("/people/1?n=removed-")
    })
    .await;
    assert!(!text_of(&c, "main").await.contains("move to Denver"));
    click(&c, ".notice form[action^='/undo/'] button").await;
    until("the restored notice", || async {
        path_of(&c).await == "/people/1?n=restored"
    })
    .await;
    assert!(text_of(&c, ".timeline").await.contains("move to Denver"));

    // Keyboard: the skip link is the first stop and leads to the content.
    c.goto(&format!("{base}/")).await.unwrap();
    let first = c
        .execute(
            "document.activeElement.blur(); \
             const f = document.querySelector('a.skip'); f.focus(); \
             return document.activeElement.textContent",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(first, serde_json::json!("Skip to content"));

    photograph(
        &c,
        &base,
        &[
            ("today", "/"),
            ("people", "/people"),
            ("person", "/people/1"),
            ("new-person", "/people/new"),
            ("insights", "/insights"),
            ("settings", "/settings"),
            ("give", "/give"),
            ("import", "/import"),
            ("goals", "/goals"),
            ("goal", "/goals/1"),
            ("opportunities", "/opportunities"),
            ("ways-in", "/path?to=1"),
            ("events", "/events"),
            ("orgs", "/orgs"),
            ("org", "/orgs/1"),
            ("edit-interaction", "/interactions/1/edit?back=/people/1"),
            ("not-found", "/people/99"),
        ],
    )
    .await;
    c.close().await.unwrap();
}

/// Chromium and its driver, or `None` (a skip, or under CI a failure).
fn programs() -> Option<(PathBuf, PathBuf)> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    match (
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
        find_program(&["chromedriver"]),
    ) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ => {
            assert!(
                !ci,
                "chromium and chromedriver are needed for the browser tests (apt-get install chromium chromium-driver)"
            );
            eprintln!("skipping the browser tests: chromium or chromedriver is not installed");
            None
        }
    }
}

/// Hosted mode in a real browser, on each backend: sent to the login, a wrong password
/// refused, the right one opens Today, Settings names the account and chooses the daily
/// digest, and after logging out
/// the pages ask for a login again.
#[test]
fn a_person_logs_in_and_out_of_a_hosted_server_in_the_browser() {
    crate::hosted_support::run(hosted_login_in_the_browser());
}

async fn hosted_login_in_the_browser() {
    let Some((chromium, chromedriver)) = programs() else {
        return;
    };
    for s in crate::hosted_support::Server::each() {
        let dana = s.add("dana@example.com");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let hosted = s.hosted.clone();
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            let hosts = warmline_web::host_policy(addr);
            let _ = warmline_web::server::run::serve(listener, hosted, hosts, None, shutdown).await;
        });
        let (_driver, port) = start_driver(&chromedriver).await;
        let c = connect(&chromium, port, &s.dir.path().join("profile")).await;
        c.set_window_size(1280, 900).await.unwrap();

        c.goto(&format!("{base}/people")).await.unwrap();
        until("the login page", || async { path_of(&c).await == "/login" }).await;
        fill(&c, "#email", "dana@example.com").await;
        fill(&c, "#password", "not the right password").await;
        click(&c, "form[action='/login'] button[type=submit]").await;
        until("the refusal", || async {
            text_of(&c, ".error").await.contains("do not match")
        })
        .await;
        fill(&c, "#password", crate::hosted_support::PASSWORD).await;
        click(&c, "form[action='/login'] button[type=submit]").await;
        until("Today after the login", || async {
            path_of(&c).await == "/"
        })
        .await;
        assert!(text_of(&c, "h1").await.contains("Today"), "{}", s.backend);

        c.goto(&format!("{base}/settings")).await.unwrap();
        until("Settings naming the account", || async {
            text_of(&c, "main")
                .await
                .contains("Logged in as dana@example.com")
        })
        .await;
        assert!(!text_of(&c, "body").await.contains("stays on this computer"));
        // The daily digest, chosen with the form alone.
        assert!(text_of(&c, "#h-digest").await.contains("Daily digest"));
        click(&c, "input[name=enabled]").await;
        fill(&c, "#digest-time", "06:15").await;
        click(&c, "input[name=day5]").await;
        click(&c, "form[action='/account/digest'] button[type=submit]").await;
        until("the digest saved", || async {
            text_of(&c, "body")
                .await
                .contains("Your daily digest is saved.")
        })
        .await;
        let prefs = s.registry().digest(dana).unwrap().prefs;
        assert!(prefs.enabled, "{}", s.backend);
        assert_eq!(prefs.time.format("%H:%M").to_string(), "06:15");
        assert_eq!(prefs.days.short(), "mon,tue,wed,thu,fri,sat");
        click(&c, "form[action='/logout'] button[type=submit]").await;
        until("the login page after logging out", || async {
            path_of(&c).await.starts_with("/login")
        })
        .await;
        c.goto(&format!("{base}/people")).await.unwrap();
        until("the login asked again", || async {
            path_of(&c).await == "/login"
        })
        .await;
        c.close().await.unwrap();
        let _ = stop.send(());
    }
}

/// A browser session as a phone: 360 CSS pixels wide, touch, a phone's user agent.
async fn connect_phone(chromium: &Path, driver_port: u16, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
            ],
            "mobileEmulation": {
                "deviceMetrics": { "width": 360, "height": 740, "pixelRatio": 3.0, "touch": true },
                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
            },
        }),
    );
    ClientBuilder::rustls()
        .expect("TLS set-up")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session")
}

/// The local server on `listener`, until the returned sender is used or dropped.
fn serve_on(listener: tokio::net::TcpListener, db: PathBuf) -> tokio::sync::oneshot::Sender<()> {
    let app = App::open(db, Today::Fixed(today())).expect("the database opens");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        let _ = warmline_web::serve(listener, app, shutdown).await;
    });
    stop
}

async fn script(c: &Client, js: &str) -> serde_json::Value {
    c.execute(js, vec![]).await.expect("the script runs")
}

async fn script_async(c: &Client, js: &str) -> serde_json::Value {
    c.execute_async(js, vec![]).await.expect("the script runs")
}

fn people_named(db: &Path, name: &str) -> usize {
    let s = warmline_store::Store::open(db).unwrap();
    s.list_people(&warmline_store::ListFilter::default(), today())
        .unwrap()
        .iter()
        .filter(|p| p.name == name)
        .count()
}

/// "Met someone" on a phone: the page fits 360 px with large targets; the service worker
/// keeps it, so with the server gone it still opens and entries are kept on the device;
/// with the server back they are sent, once, and each person exists once. An entry the
/// server refuses for a token it no longer knows stays, with the reason, and goes with a
/// fresh one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_typed_offline_on_a_phone_is_sent_once_when_the_server_returns() {
    let Some((chromium, chromedriver)) = programs() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pocket.db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let stop = serve_on(listener, db.clone());
    let (_driver, port) = start_driver(&chromedriver).await;
    let c = connect_phone(&chromium, port, &dir.path().join("profile")).await;

    c.goto(&format!("{base}/met")).await.unwrap();
    until("the capture page", || async {
        text_of(&c, "h1").await == "Met someone"
    })
    .await;
    // One thumb at 360 px: nothing wider than the screen, targets a thumb can hit.
    let fit = script(
        &c,
        "var r = function (s) { return document.querySelector(s).getBoundingClientRect(); };
         return { inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
                  save: r('form[data-queue] button[type=submit]').height,
                  saveWidth: r('form[data-queue] button[type=submit]').width,
                  name: r('#met-name').height, promise: r('#met-promise').height,
                  nav: r('.top nav a[href=\"/met\"]').height,
                  navTop: r('.top nav a[href=\"/met\"]').top };",
    )
    .await;
    assert_eq!(fit["inner"], 360, "{fit}");
    let number = |k: &str| fit[k].as_f64().unwrap();
    assert!(number("scroll") <= 360.0, "scrolls sideways: {fit}");
    assert!(
        number("save") >= 48.0 && number("saveWidth") >= 300.0,
        "{fit}"
    );
    assert!(number("name") >= 44.0 && number("promise") >= 44.0, "{fit}");
    assert!(number("nav") >= 24.0 && number("navTop") < 120.0, "{fit}");
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots_dir().join("met-phone-360.png"), png).unwrap();

    // The service worker takes charge and keeps the page.
    until("the service worker to keep the page", || async {
        script_async(
            &c,
            "var done = arguments[arguments.length - 1];
             if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return done(false);
             caches.keys().then(function (k) { return Promise.all(k.map(function (n) {
               return caches.open(n).then(function (c) { return c.match('/met'); }); })); })
               .then(function (found) { done(found.some(function (r) { return !!r; })); },
                     function () { done(false); });",
        )
        .await
            == serde_json::Value::Bool(true)
    })
    .await;

    // The server goes away.
    drop(stop);
    until("the server to stop", || async {
        tokio::net::TcpStream::connect(addr).await.is_err()
    })
    .await;
    c.goto(&format!("{base}/met")).await.unwrap();
    until("the kept page without a server", || async {
        text_of(&c, "h1").await == "Met someone"
    })
    .await;
    fill(&c, "#met-name", "Ines Ortega").await;
    fill(&c, "#met-place", "RustConf").await;
    fill(&c, "#met-about", "runs the Rust meetup").await;
    fill(&c, "#met-promise", "send the slides").await;
    click(&c, "form[data-queue] button[type=submit]").await;
    until("the entry kept on the device", || async {
        text_of(&c, "#queue-status")
            .await
            .contains("Saved on this device")
    })
    .await;
    assert!(text_of(&c, "#queue-list").await.contains("Ines Ortega"));
    let queued = script(
        &c,
        "return JSON.parse(localStorage.getItem('warmline-queue'));",
    )
    .await;
    assert_eq!(queued.as_array().unwrap().len(), 1, "{queued}");
    let id = queued[0]["id"].as_str().unwrap().to_string();
    // The form is empty again, under a new id, for the next person.
    assert_eq!(
        script(&c, "return document.querySelector('#met-name').value;").await,
        ""
    );
    assert_eq!(people_named(&db, "Ines Ortega"), 0);
    // A second entry on the kept page, opened again: an id of its own, not the kept one.
    c.goto(&format!("{base}/met")).await.unwrap();
    until("the kept page again", || async {
        text_of(&c, "#queue-list").await.contains("Ines Ortega")
    })
    .await;
    fill(&c, "#met-name", "Lea Brandt").await;
    click(&c, "form[data-queue] button[type=submit]").await;
    until("the second entry kept", || async {
        text_of(&c, "#queue-list").await.contains("Lea Brandt")
    })
    .await;
    let queued = script(
        &c,
        "return JSON.parse(localStorage.getItem('warmline-queue'));",
    )
    .await;
    assert_eq!(queued.as_array().unwrap().len(), 2, "{queued}");
    assert_ne!(queued[1]["id"], queued[0]["id"]);
    assert!(
        text_of(&c, "#queue-status")
            .await
            .contains("2 entries wait")
    );

    // The server returns on the same address: the next page sends the entry.
    let listener = loop {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => break l,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    let _stop = serve_on(listener, db.clone());
    c.goto(&format!("{base}/met")).await.unwrap();
    until("the entry sent", || async {
        text_of(&c, "#queue-status").await.contains("Sent 2")
    })
    .await;
    assert_eq!(
        script(
            &c,
            "return JSON.parse(localStorage.getItem('warmline-queue') || '[]').length;"
        )
        .await,
        0
    );
    assert_eq!(people_named(&db, "Ines Ortega"), 1);
    assert_eq!(people_named(&db, "Lea Brandt"), 1);
    let s = warmline_store::Store::open(&db).unwrap();
    let entry = s
        .client_entry(&id)
        .unwrap()
        .expect("the entry's id is recorded");
    assert_eq!(s.person(entry.person).unwrap().name, "Ines Ortega");
    assert_eq!(s.follow_ups_for(entry.person).unwrap().len(), 2);

    // Sent once: more visits send nothing more.
    c.goto(&format!("{base}/")).await.unwrap();
    c.goto(&format!("{base}/met")).await.unwrap();
    until("the page again", || async {
        text_of(&c, "h1").await == "Met someone"
    })
    .await;
    assert_eq!(people_named(&db, "Ines Ortega"), 1);
    assert_eq!(s.count_interactions().unwrap(), 2);

    // Online, the form is sent at once and opens the person's page.
    fill(&c, "#met-name", "Omar Haddad").await;
    click(&c, "form[data-queue] button[type=submit]").await;
    until("the new person's page", || async {
        path_of(&c).await.ends_with("?n=met")
    })
    .await;
    assert_eq!(text_of(&c, "h1").await, "Omar Haddad");
    assert_eq!(people_named(&db, "Omar Haddad"), 1);

    // The browser's token goes under an open page (its cookies cleared, a new browser
    // session): the server refuses the page's token, and the entry stays on the device
    // with the reason.
    c.goto(&format!("{base}/met")).await.unwrap();
    fill(&c, "#met-name", "Mia Stale").await;
    c.delete_cookie("warmline_csrf").await.unwrap();
    click(&c, "form[data-queue] button[type=submit]").await;
    until("the refusal shown beside the kept entry", || async {
        text_of(&c, "#queue-list .problem")
            .await
            .contains("Reload the page")
    })
    .await;
    assert!(text_of(&c, "#queue-list").await.contains("Mia Stale"));
    assert_eq!(people_named(&db, "Mia Stale"), 0);
    // The next page reads a fresh token and sends it, once.
    c.goto(&format!("{base}/met")).await.unwrap();
    until("the kept entry sent", || async {
        text_of(&c, "#queue-status").await.contains("Sent 1")
    })
    .await;
    assert_eq!(people_named(&db, "Mia Stale"), 1);
    c.close().await.unwrap();
}

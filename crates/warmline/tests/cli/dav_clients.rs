//! Real CardDAV and CalDAV clients against the real `warmline serve`, no mocks:
//! `vdirsyncer` syncing a local folder of cards both ways (create, edit and delete on each
//! side, twice over, then a sync that must change nothing, with no duplicates anywhere),
//! the same scenario against Radicale as the reference, and the Python `caldav` library
//! listing and completing to-dos. Without the tools these tests say so and pass, except
//! under CI, where they fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::support::Sandbox;

/// A child process killed when dropped, so a failing test leaves nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `tool` is installed; under CI its absence fails the test.
fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is missing: .ci/run installs it (CI runs the DAV client tests)"
        );
        eprintln!("{tool} is not installed: skipping");
    }
    found
}

/// `warmline serve` on a free port; its address.
fn serve(s: &Sandbox) -> (Running, String) {
    let (child, addr) = crate::served::spawn_serve(s);
    (Running(child), addr)
}

/// A device password made with the command line.
fn device_password(s: &Sandbox) -> String {
    let json = s
        .run(&["--json", "app-password", "add", "vdirsyncer"])
        .json();
    json["password"].as_str().unwrap().to_string()
}

/// The remote side of the scenario: warmline (changed through its command line) or
/// Radicale (changed through its storage folder, as another client would).
trait Remote {
    fn add(&self, name: &str, email: &str);
    fn retitle(&self, email: &str, title: &str);
    fn remove(&self, email: &str);
    /// Everyone's display names, sorted, duplicates kept.
    fn names(&self) -> Vec<String>;
    /// The title of whoever has `email`.
    fn title(&self, email: &str) -> Option<String>;
}

struct Warmline<'a>(&'a Sandbox);

impl Remote for Warmline<'_> {
    fn add(&self, name: &str, email: &str) {
        self.0.run(&["add", name, "--email", email]).ok();
    }
    fn retitle(&self, email: &str, title: &str) {
        self.0.run(&["edit", email, "--title", title]).ok();
    }
    fn remove(&self, email: &str) {
        self.0.run(&["rm", email, "--yes"]).ok();
    }
    fn names(&self) -> Vec<String> {
        let json = self.0.run(&["--json", "list", "--limit", "1000"]).json();
        let mut names: Vec<String> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    }
    fn title(&self, email: &str) -> Option<String> {
        let shown = self.0.run(&["--json", "show", email]);
        if shown.code != 0 {
            return None;
        }
        shown.json()["title"].as_str().map(str::to_string)
    }
}

/// Radicale's collection folder, changed as its own storage holds cards.
struct Radicale(PathBuf);

fn card(uid: &str, name: &str, email: &str, title: Option<&str>) -> String {
    let title = title.map(|t| format!("TITLE:{t}\r\n")).unwrap_or_default();
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:;{name};;;\r\nEMAIL:{email}\r\n{title}END:VCARD\r\n"
    )
}

/// The `.vcf` files of a folder: (path, text).
fn cards_in(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "vcf"))
                .map(|p| {
                    let text = std::fs::read_to_string(&p).unwrap();
                    (p, text)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn field(text: &str, name: &str) -> Option<String> {
    text.replace("\r\n ", "").lines().find_map(|l| {
        let (head, value) = l.split_once(':')?;
        (head.split(';').next()? == name).then(|| value.trim().to_string())
    })
}

fn find<'a>(cards: &'a [(PathBuf, String)], email: &str) -> Option<&'a (PathBuf, String)> {
    cards.iter().find(|(_, t)| {
        t.to_lowercase()
            .lines()
            .any(|l| l.starts_with("email") && l.trim_end().ends_with(email))
    })
}

impl Remote for Radicale {
    fn add(&self, name: &str, email: &str) {
        let uid = format!("radicale-{email}");
        std::fs::write(
            self.0.join(format!("{uid}.vcf")),
            card(&uid, name, email, None),
        )
        .unwrap();
    }
    fn retitle(&self, email: &str, title: &str) {
        let cards = cards_in(&self.0);
        let (path, text) = find(&cards, email).unwrap();
        let name = field(text, "FN").unwrap();
        let uid = field(text, "UID").unwrap();
        std::fs::write(path, card(&uid, &name, email, Some(title))).unwrap();
    }
    fn remove(&self, email: &str) {
        let cards = cards_in(&self.0);
        std::fs::remove_file(&find(&cards, email).unwrap().0).unwrap();
    }
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = cards_in(&self.0)
            .iter()
            .filter_map(|(_, t)| field(t, "FN"))
            .collect();
        names.sort();
        names
    }
    fn title(&self, email: &str) -> Option<String> {
        find(&cards_in(&self.0), email).and_then(|(_, t)| field(t, "TITLE"))
    }
}

/// A vdirsyncer pair between a local folder and a CardDAV address book.
struct Vdirsyncer {
    config: PathBuf,
    local: PathBuf,
}

impl Vdirsyncer {
    fn new(dir: &Path, url: &str, user: &str, password: &str) -> Vdirsyncer {
        let local = dir.join("vdir");
        std::fs::create_dir_all(&local).unwrap();
        std::fs::write(dir.join("password"), password).unwrap();
        let config = dir.join("vdirsyncer.conf");
        std::fs::write(
            &config,
            format!(
                "[general]\nstatus_path = \"{status}\"\n\n[pair book]\na = \"local\"\nb = \"remote\"\ncollections = [\"from b\"]\nconflict_resolution = \"b wins\"\n\n[storage local]\ntype = \"filesystem\"\npath = \"{local}\"\nfileext = \".vcf\"\n\n[storage remote]\ntype = \"carddav\"\nurl = \"{url}\"\nusername = \"{user}\"\npassword.fetch = [\"command\", \"cat\", \"{pw}\"]\n",
                status = dir.join("status").display(),
                local = local.display(),
                pw = dir.join("password").display(),
            ),
        )
        .unwrap();
        Vdirsyncer { config, local }
    }

    /// Runs a sync; its output.
    fn sync(&self) -> String {
        let out = Command::new("vdirsyncer")
            .arg("-c")
            .arg(&self.config)
            .arg("sync")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "vdirsyncer sync failed:\n{text}");
        text
    }

    fn cards(&self) -> Vec<(PathBuf, String)> {
        cards_in(&self.local)
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .cards()
            .iter()
            .filter_map(|(_, t)| field(t, "FN"))
            .collect();
        names.sort();
        names
    }
}

/// The scenario, the same for both servers: create, edit and delete on each side, twice
/// over, then a sync that changes nothing; no one duplicated at any point.
fn scenario(remote: &dyn Remote, sync: &Vdirsyncer) {
    let first = sync.sync();
    assert_eq!(sync.names(), remote.names(), "{first}");
    for round in 1..=2 {
        // The local side: a new card, an edited card, a deleted card.
        let new_email = format!("local{round}@example.org");
        let uid = format!("local-{round}");
        std::fs::write(
            sync.local.join(format!("{uid}.vcf")),
            card(&uid, &format!("Local Person {round}"), &new_email, None),
        )
        .unwrap();
        let cards = sync.cards();
        let edited_email = if round == 1 {
            "dana@acme.example"
        } else {
            "server1@example.org"
        };
        let (path, text) = find(&cards, edited_email).unwrap_or_else(|| panic!("{cards:?}"));
        let edited = text.replace(
            "END:VCARD",
            &format!("TITLE:Title from the phone {round}\r\nEND:VCARD"),
        );
        std::fs::write(path, edited).unwrap();
        let gone_email = if round == 1 {
            "sam@example.org"
        } else {
            "local1@example.org"
        };
        std::fs::remove_file(&find(&cards, gone_email).unwrap().0).unwrap();
        let out = sync.sync();
        let names = remote.names();
        assert!(
            names.contains(&format!("Local Person {round}")),
            "{names:?}\n{out}"
        );
        assert_eq!(
            remote.title(edited_email).as_deref(),
            Some(format!("Title from the phone {round}").as_str()),
            "{out}"
        );
        assert!(
            remote.title(gone_email).is_none()
                && !names.iter().any(|n| n.contains(if round == 1 {
                    "Sam"
                } else {
                    "Local Person 1"
                })),
            "{names:?}\n{out}"
        );
        assert_eq!(sync.names(), names, "{out}");

        // The server side: a new person, an edited one, a removed one.
        let server_email = format!("server{round}@example.org");
        remote.add(&format!("Server Person {round}"), &server_email);
        let edited_there = if round == 1 {
            "local1@example.org"
        } else {
            "dana@acme.example"
        };
        remote.retitle(edited_there, &format!("Title from the server {round}"));
        let removed_there = if round == 1 {
            "lee@example.net"
        } else {
            "local2@example.org"
        };
        remote.remove(removed_there);
        let out = sync.sync();
        let cards = sync.cards();
        assert!(find(&cards, &server_email).is_some(), "{out}");
        assert_eq!(
            field(&find(&cards, edited_there).unwrap().1, "TITLE").as_deref(),
            Some(format!("Title from the server {round}").as_str()),
            "{out}"
        );
        assert!(find(&cards, removed_there).is_none(), "{out}");
        assert_eq!(sync.names(), remote.names(), "{out}");
    }
    // A last sync changes nothing, and nobody is there twice.
    let last = sync.sync();
    for word in ["Copying", "Updating", "Deleting"] {
        assert!(
            !last.contains(word),
            "the last sync changed something:\n{last}"
        );
    }
    let names = remote.names();
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(names, unique, "duplicates");
    assert_eq!(sync.names(), names);
}

fn seed_people(s: &Sandbox) {
    s.run(&[
        "add",
        "Dana Lee",
        "--email",
        "dana@acme.example",
        "--org",
        "Acme",
    ])
    .ok();
    s.run(&["add", "Sam Ortiz", "--email", "sam@example.org"])
        .ok();
    s.run(&["add", "Lee Chan", "--email", "lee@example.net"])
        .ok();
}

#[test]
fn vdirsyncer_syncs_both_ways_without_duplicates() {
    if !have("vdirsyncer") {
        return;
    }
    let s = Sandbox::new();
    seed_people(&s);
    // History warmline keeps of its own survives the phone's edits.
    s.run(&["log", "dana@acme.example", "coffee at the mixer"])
        .ok();
    s.run(&["fact", "dana@acme.example", "family", "two kids"])
        .ok();
    let password = device_password(&s);
    let (_server, addr) = serve(&s);
    let sync = Vdirsyncer::new(
        &s.path("client"),
        &format!("http://{addr}/dav/"),
        "me",
        &password,
    );
    let discover = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "yes | vdirsyncer -c {} discover",
            sync.config.display()
        ))
        .output()
        .unwrap();
    assert!(
        discover.status.success(),
        "{}",
        String::from_utf8_lossy(&discover.stderr)
    );
    // vdirsyncer made a folder per collection: the address book is the one with cards.
    scenario_in_collection(&Warmline(&s), &sync);
    let history = s.run(&["history", "dana@acme.example"]).ok();
    assert!(
        history.stdout.contains("coffee at the mixer"),
        "{}",
        history.stdout
    );
    let shown = s.run(&["show", "dana@acme.example"]).ok();
    assert!(shown.stdout.contains("two kids"), "{}", shown.stdout);
    // Every request signed in with the device password: its last use is known.
    let list = s.run(&["--json", "app-password", "list"]).json();
    assert!(list["app_passwords"][0]["last_used"].as_i64().is_some());
}

/// Runs the scenario in the collection folder vdirsyncer discovered.
fn scenario_in_collection(remote: &dyn Remote, sync: &Vdirsyncer) {
    let _ = sync.sync();
    let folder = std::fs::read_dir(&sync.local)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir() && !cards_in(p).is_empty())
        .unwrap_or_else(|| panic!("no address book folder in {}", sync.local.display()));
    let inner = Vdirsyncer {
        config: sync.config.clone(),
        local: folder,
    };
    scenario(remote, &inner);
}

#[test]
fn radicale_as_the_reference_behaves_the_same() {
    if !have("vdirsyncer") || !have("radicale") {
        return;
    }
    let s = Sandbox::new();
    let storage = s.path("radicale");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let book = storage.join("collection-root/me/contacts");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(
        book.join(".Radicale.props"),
        r#"{"tag": "VADDRESSBOOK", "D:displayname": "reference"}"#,
    )
    .unwrap();
    let remote = Radicale(book.clone());
    remote.add("Dana Lee", "dana@acme.example");
    remote.add("Sam Ortiz", "sam@example.org");
    remote.add("Lee Chan", "lee@example.net");
    let child = Command::new("radicale")
        .args([
            "--server-hosts",
            &format!("127.0.0.1:{port}"),
            "--storage-filesystem-folder",
            &storage.display().to_string(),
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Running(child);
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 20, "radicale did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let sync = Vdirsyncer::new(
        &s.path("client"),
        &format!("http://127.0.0.1:{port}/me/"),
        "me",
        "x",
    );
    let discover = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "yes | vdirsyncer -c {} discover",
            sync.config.display()
        ))
        .output()
        .unwrap();
    assert!(
        discover.status.success(),
        "{}",
        String::from_utf8_lossy(&discover.stderr)
    );
    scenario_in_collection(&remote, &sync);
}

/// The Python interpreter with the `caldav` library; under CI a missing one fails.
fn python_with_caldav() -> Option<String> {
    crate::support::python_with("caldav")
}

const CALDAV_CLIENT: &str = r#"
import sys, caldav
url, password = sys.argv[1], sys.argv[2]
client = caldav.DAVClient(url=url, username="me", password=password)
calendars = client.principal().calendars()
print("calendars:", ", ".join(sorted(c.get_display_name() for c in calendars)))
calendar = [c for c in calendars if c.get_display_name() == "warmline follow-ups"][0]
todos = calendar.todos()
for t in sorted(str(t.icalendar_component["summary"]) for t in todos):
    print("todo:", t)
deck = [t for t in todos if "send the deck" in str(t.icalendar_component["summary"])][0]
deck.complete()
print("left:", len(calendar.todos()))
"#;

#[test]
fn python_caldav_lists_and_completes_to_dos() {
    let Some(python) = python_with_caldav() else {
        return;
    };
    let s = Sandbox::new();
    s.run(&[
        "add",
        "Dana Lee",
        "--email",
        "dana@acme.example",
        "--every",
        "30",
    ])
    .ok();
    s.run(&[
        "followup",
        "add",
        "dana@acme.example",
        "send the deck",
        "--due",
        "2026-11-27",
    ])
    .ok();
    s.run(&[
        "followup",
        "add",
        "dana@acme.example",
        "ask about the role",
        "--due",
        "2026-11-28",
    ])
    .ok();
    let password = device_password(&s);
    let (_server, addr) = serve(&s);
    let out = Command::new(&python)
        .args([
            "-c",
            CALDAV_CLIENT,
            &format!("http://{addr}/dav/"),
            &password,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout,
        "calendars: warmline follow-ups\n\
         todo: Follow up with Dana Lee: ask about the role\n\
         todo: Follow up with Dana Lee: send the deck\n\
         todo: Keep in touch with Dana Lee\n\
         left: 2\n"
    );
    let list = s.run(&["--json", "followup", "list", "--all"]).json();
    let deck = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["text"] == "send the deck")
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(deck["status"], "done", "{deck}");
}

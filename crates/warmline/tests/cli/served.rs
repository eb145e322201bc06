//! The server and the command line writing to one database at once: SPEC §7 promises no
//! "database is locked" and nothing lost. The server is the real `warmline serve`,
//! spoken to over loopback as a browser would (cookie, token, same origin).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::support::Sandbox;

/// A running `warmline serve`, stopped when dropped so a failing test leaves no server.
struct Server {
    child: Child,
    addr: String,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// One request on its own connection; enough HTTP/1.1 for a test, nothing more.
fn request(addr: &str, method: &str, path: &str, cookie: &str, body: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        req.push_str(&format!("Cookie: warmline_csrf={cookie}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!(
            "Origin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// `warmline serve` on a free port, and the address it printed.
pub(crate) fn spawn_serve(s: &Sandbox) -> (Child, String) {
    let mut child = s
        .std_command()
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (child, addr)
}

fn start(s: &Sandbox) -> Server {
    let (child, addr) = spawn_serve(s);
    let first = request(&addr, "GET", "/", "", "");
    assert_eq!(first.status, 200, "{}", first.head);
    let token = first
        .head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.trim().strip_prefix("warmline_csrf="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .next()
        .unwrap_or_else(|| panic!("no token cookie in {}", first.head));
    Server { child, addr, token }
}

#[test]
fn the_server_and_four_cli_writers_at_once_lose_nothing() {
    let s = Sandbox::new();
    for n in 0..4 {
        s.run(&["add", &format!("Writer {n}")]).ok();
    }
    s.run(&["add", "Web Friend"]).ok();
    let friend = s.run(&["--json", "show", "Web Friend"]).json()["id"].clone();
    let per_writer = if std::env::var_os("WARMLINE_LONG_TESTS").is_some() {
        100
    } else {
        15
    };
    let server = start(&s);

    let mut handles: Vec<std::thread::JoinHandle<Vec<String>>> = (0..4)
        .map(|n| {
            let cmds: Vec<_> = (0..per_writer)
                .map(|i| {
                    let mut c = s.command();
                    c.args(["log", &format!("writer {n}"), &format!("cli note {i}")]);
                    c
                })
                .collect();
            std::thread::spawn(move || {
                cmds.into_iter()
                    .filter_map(|mut c| {
                        let out = c.output().unwrap();
                        (!out.status.success())
                            .then(|| String::from_utf8_lossy(&out.stderr).into_owned())
                    })
                    .collect()
            })
        })
        .collect();
    let (addr, token) = (server.addr.clone(), server.token.clone());
    handles.push(std::thread::spawn(move || {
        (0..per_writer)
            .filter_map(|i| {
                let body =
                    format!("csrf={token}&summary=web+note+{i}&kind=email&direction=outbound");
                let reply = request(
                    &addr,
                    "POST",
                    &format!("/people/{friend}/log"),
                    &token,
                    &body,
                );
                (reply.status != 303).then(|| format!("{}\n{}", reply.head, reply.body))
            })
            .collect()
    }));
    // A reader as well: pages keep answering while the database is being written.
    let (addr, token) = (server.addr.clone(), server.token.clone());
    handles.push(std::thread::spawn(move || {
        (0..per_writer)
            .filter_map(|_| {
                let reply = request(&addr, "GET", "/people?q=writer", &token, "");
                (reply.status != 200).then(|| format!("{}\n{}", reply.head, reply.body))
            })
            .collect()
    }));
    let failures: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        !failures.iter().any(|f| f.contains("locked")),
        "{failures:?}"
    );

    let v = s.run(&["--json", "check"]).json();
    assert_eq!(v["integrity"], "ok", "{v}");
    assert_eq!(v["interactions"], 5 * per_writer as u64, "{v}");
    // The server sees what the command line wrote, and the command line what it wrote.
    let page = request(&server.addr, "GET", "/people/1", &server.token, "");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("cli note {}", per_writer - 1)),
        "the server's page of Writer 0 misses the last note the command line logged"
    );
    // Every write whole and in place: the backup holds each note once.
    let backup = s.run(&["export", "json"]).ok().stdout;
    for i in 0..per_writer {
        for note in [format!("\"web note {i}\""), format!("\"cli note {i}\"")] {
            let expected = if note.starts_with("\"web") { 1 } else { 4 };
            assert_eq!(backup.matches(&note).count(), expected, "{note}");
        }
    }
}

/// Whether the server has closed `s`: a read that would wait means it is still open.
fn closed(s: &mut TcpStream) -> bool {
    s.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 16];
    let closed = match s.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    s.set_nonblocking(false).unwrap();
    closed
}

#[test]
fn connections_past_the_cap_are_refused_at_once_and_idle_ones_let_go() {
    let s = Sandbox::new();
    let server = start(&s);
    // More idle connections than the server keeps; each says nothing.
    let cap = warmline_web::MAX_CONNECTIONS;
    let mut conns: Vec<TcpStream> = (0..cap + 60)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let refused = conns.iter_mut().map(closed).filter(|c| *c).count();
    assert!(
        (60..=80).contains(&refused),
        "{refused} of {} closed at once; the cap is {cap}",
        conns.len()
    );
    // The header timeout frees the rest, and a browser gets its page again.
    std::thread::sleep(warmline_web::HEADER_TIMEOUT + std::time::Duration::from_secs(1));
    let still = conns.iter_mut().map(closed).filter(|c| !*c).count();
    assert_eq!(still, 0, "idle connections held past the header timeout");
    drop(conns);
    let page = request(&server.addr, "GET", "/", "", "");
    assert_eq!(page.status, 200);
}

//! A hosted server in-process: a data folder with its registry, a clock the tests move,
//! and browsers that log in and keep their session cookie.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use tower::ServiceExt;
use warmline_store::Store;
use warmline_store::accounts::{AccountId, Registry};
use warmline_web::server::{Clock, Hosted, HostedConfig};
use warmline_web::{HostPolicy, Today};

use crate::support::{HOST, ORIGIN, Reply, TOKEN, encode, today};

pub const PASSWORD: &str = "copper kettles sing at dawn";
/// When the tests' clock starts (Unix seconds).
pub const START: i64 = 1_800_000_000;

pub struct Server {
    pub dir: tempfile::TempDir,
    pub router: Router,
    pub hosted: Hosted,
    pub clock: Arc<AtomicI64>,
}

impl Server {
    pub fn new() -> Server {
        Server::with(false)
    }

    pub fn with(secure: bool) -> Server {
        let dir = tempfile::tempdir().unwrap();
        Registry::open(&dir.path().join("accounts.db")).unwrap();
        let clock = Arc::new(AtomicI64::new(START));
        let config = HostedConfig {
            data: dir.path().to_path_buf(),
            today: Today::Fixed(today()),
            secure,
            behind_proxy: false,
            open_accounts: 4,
        };
        let hosted = Hosted::open(config, Clock::Fixed(clock.clone())).unwrap();
        let router = warmline_web::server::router(hosted.clone(), HostPolicy::loopback(7878));
        Server {
            dir,
            router,
            hosted,
            clock,
        }
    }

    pub fn registry(&self) -> Registry {
        Registry::open(&self.dir.path().join("accounts.db")).unwrap()
    }

    /// An account with `PASSWORD` set.
    pub fn add(&self, email: &str) -> AccountId {
        let r = self.registry();
        let a = r.add_account(email, false, START).unwrap();
        let hash = warmline_accounts::password::hash(PASSWORD).unwrap();
        r.set_password_hash(a.id, &hash).unwrap();
        a.id
    }

    /// The account's own database, opened as the command line would.
    pub fn store(&self, id: AccountId) -> Store {
        Store::open(&self.registry().database_of(id)).unwrap()
    }

    pub fn advance(&self, seconds: i64) {
        self.clock.fetch_add(seconds, Ordering::Relaxed);
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        use http_body_util::BodyExt;
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A browser without a session.
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            server: self,
            session: None,
        }
    }

    /// A browser logged in to `email`.
    pub async fn logged_in(&self, email: &str) -> Browser<'_> {
        let mut b = self.browser();
        let r = b.login(email, PASSWORD).await;
        assert_eq!(r.location(), "/", "{}", r.body);
        b
    }
}

pub struct Browser<'a> {
    pub server: &'a Server,
    /// The session cookie, `name=value`.
    pub session: Option<String>,
}

/// The `name=value` of a `Set-Cookie` for the session, if the reply sets one.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("warmline_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

impl Browser<'_> {
    fn cookies(&self) -> String {
        match &self.session {
            Some(s) => format!("warmline_csrf={TOKEN}; {s}"),
            None => format!("warmline_csrf={TOKEN}"),
        }
    }

    fn keep(&mut self, reply: &Reply) {
        if let Some(c) = session_cookie(reply) {
            self.session = c.strip_suffix('=').is_none().then_some(c);
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, self.cookies())
            .body(Body::empty())
            .unwrap();
        let reply = self.server.send(req).await;
        self.keep(&reply);
        reply
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", TOKEN)];
        all.extend_from_slice(fields);
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, self.cookies())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(encode(&all)))
            .unwrap();
        let reply = self.server.send(req).await;
        self.keep(&reply);
        reply
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Reply {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }
}

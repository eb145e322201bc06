//! A hosted server in-process: a data folder with its registry, a clock the tests move,
//! and browsers that log in and keep their session cookie.
//!
//! [`Server::each`] gives one server per backend: SQLite, and PostgreSQL when
//! `WARMLINE_TEST_POSTGRES` names a database (required under `CI`). Each PostgreSQL server
//! gets a schema of its own in that database, so tests running side by side each see
//! only their own accounts.

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
    /// "sqlite" or "postgres", for messages.
    pub backend: &'static str,
    /// On PostgreSQL, the owner's connection string to this server's schema.
    owner: Option<String>,
    pub dir: tempfile::TempDir,
    pub router: Router,
    pub hosted: Hosted,
    pub clock: Arc<AtomicI64>,
}

impl Server {
    /// One server on each backend the tests can reach.
    pub fn each() -> Vec<Server> {
        Server::each_with(false)
    }

    pub fn each_with(secure: bool) -> Vec<Server> {
        Server::each_configured(secure, false)
    }

    /// As behind a reverse proxy: the client's address is the `X-Forwarded-For` one.
    pub fn each_behind_proxy() -> Vec<Server> {
        Server::each_configured(true, true)
    }

    fn each_configured(secure: bool, behind_proxy: bool) -> Vec<Server> {
        let mut all = vec![Server::sqlite(secure, behind_proxy)];
        if let Some(pg) = Server::postgres(secure, behind_proxy) {
            all.push(pg);
        }
        all
    }

    /// A server on PostgreSQL, in a fresh schema of the test database, if there is one.
    pub fn postgres(secure: bool, behind_proxy: bool) -> Option<Server> {
        let (app, owner) = postgres_urls()?;
        let schema = format!("t{:016x}", fastrand::u64(..));
        let mut client = postgres::Client::connect(&owner, postgres::NoTls).unwrap();
        client
            .batch_execute(&format!(
                "CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO warmline_app"
            ))
            .unwrap();
        let owner = in_schema(&owner, &schema);
        Store::migrate_postgres(&owner).unwrap();
        let dir = tempfile::tempdir().unwrap();
        Registry::init_postgres(dir.path(), &in_schema(&app, &schema)).unwrap();
        Some(Server::start(
            dir,
            "postgres",
            Some(owner),
            secure,
            behind_proxy,
        ))
    }

    pub fn with(secure: bool) -> Server {
        Server::sqlite(secure, false)
    }

    fn sqlite(secure: bool, behind_proxy: bool) -> Server {
        let dir = tempfile::tempdir().unwrap();
        Registry::open(&dir.path().join("accounts.db")).unwrap();
        Server::start(dir, "sqlite", None, secure, behind_proxy)
    }

    fn start(
        dir: tempfile::TempDir,
        backend: &'static str,
        owner: Option<String>,
        secure: bool,
        behind_proxy: bool,
    ) -> Server {
        let clock = Arc::new(AtomicI64::new(START));
        let config = HostedConfig {
            data: dir.path().to_path_buf(),
            today: Today::Fixed(today()),
            secure,
            behind_proxy,
            open_accounts: 4,
        };
        let hosted = Hosted::open(config, Clock::Fixed(clock.clone())).unwrap();
        let router = warmline_web::server::router(hosted.clone(), HostPolicy::loopback(7878));
        Server {
            backend,
            owner,
            dir,
            router,
            hosted,
            clock,
        }
    }

    /// How many rows of `id` are left anywhere: its network's tables and the registry's
    /// (on SQLite, whether its database file exists counts as one).
    pub fn rows_of(&self, id: AccountId) -> i64 {
        let Some(owner) = &self.owner else {
            let r = self.registry();
            let file = i64::from(r.database_of(id).exists());
            return file + i64::from(r.account(id).unwrap().is_some());
        };
        let mut c = postgres::Client::connect(owner, postgres::NoTls).unwrap();
        c.execute(
            "SELECT set_config('warmline.account', $1, false)",
            &[&id.0.to_string()],
        )
        .unwrap();
        let tables: Vec<String> = c
            .query(
                "SELECT table_name::text FROM information_schema.columns
                  WHERE table_schema = current_schema() AND column_name = 'account_id'",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert!(tables.len() > 30, "{tables:?}");
        let mut n: i64 = c
            .query_one("SELECT count(*) FROM accounts WHERE id = $1", &[&id.0])
            .unwrap()
            .get(0);
        for t in tables {
            let sql = format!("SELECT count(*) FROM {t} WHERE account_id = $1");
            n += c.query_one(&sql, &[&id.0]).unwrap().get::<_, i64>(0);
        }
        n
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

    /// The account's own network, opened as the command line would.
    pub fn store(&self, id: AccountId) -> Store {
        self.registry().open_store(id).unwrap()
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

/// The test database's application and owner connection strings, if there is one.
fn postgres_urls() -> Option<(String, String)> {
    match std::env::var("WARMLINE_TEST_POSTGRES") {
        Ok(app) if !app.is_empty() => {
            let owner = std::env::var("WARMLINE_TEST_POSTGRES_OWNER").unwrap_or(app.clone());
            Some((app, owner))
        }
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs the hosted tests on PostgreSQL too: set WARMLINE_TEST_POSTGRES (see .ci/postgres)"
            );
            None
        }
    }
}

/// `config` with `schema` first on the search path.
fn in_schema(config: &str, schema: &str) -> String {
    if config.starts_with("postgres://") || config.starts_with("postgresql://") {
        let join = if config.contains('?') { '&' } else { '?' };
        format!("{config}{join}options=-csearch_path%3D{schema}")
    } else {
        format!("{config} options='-c search_path={schema}'")
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
        self.post_via(path, fields, None).await
    }

    /// A POST that a reverse proxy says came from `address`.
    pub async fn post_from(&mut self, path: &str, fields: &[(&str, &str)], address: &str) -> Reply {
        self.post_via(path, fields, Some(address)).await
    }

    async fn post_via(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        forwarded_for: Option<&str>,
    ) -> Reply {
        let mut all = vec![("csrf", TOKEN)];
        all.extend_from_slice(fields);
        let mut req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, self.cookies())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(address) = forwarded_for {
            req = req.header("x-forwarded-for", address);
        }
        let reply = self
            .server
            .send(req.body(Body::from(encode(&all))).unwrap())
            .await;
        self.keep(&reply);
        reply
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Reply {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }
}

/// Runs a hosted test. The PostgreSQL client the store uses is blocking, and refuses to
/// run on a thread that drives a tokio runtime, as test code calling the registry or a
/// store between requests would be inside `#[tokio::test]`. So the runtime's own worker
/// threads drive I/O and timers, and this thread polls the test with the runtime's handle
/// set (for `spawn_blocking`, channels) but without running the runtime itself, as the
/// server's blocking threads do.
pub fn run<F: std::future::Future>(test: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let _handle = runtime.enter();
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut test = std::pin::pin!(test);
    loop {
        if let Poll::Ready(out) = test.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

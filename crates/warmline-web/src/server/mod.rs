//! Hosted mode (`warmline server run`): the same pages for many accounts, each with its
//! own database, behind a login.
//!
//! The threat is another person: someone with an account reading or changing another's
//! network, or someone without one getting in. The defence is structural. The account
//! registry (`DIR/accounts.db`, [`warmline_store::accounts::Registry`]) knows who may log
//! in; each account's network is a warmline database of its own (`DIR/accounts/<id>.db`).
//! The session layer ([`session::layer`]) finds the account of the request's session and
//! inserts that account's [`App`] into the request; the page handlers take their `App`
//! from there and from nowhere else. No handler receives an account id, so none can ask
//! for another account's data: a person's ids mean nothing in anyone else's file.
//!
//! Around it: the local guard (host check, CSRF on every POST, login included, security
//! headers), sessions per [`session`], the login pages in [`login`], one-time links and
//! signup in [`links`], the account's own settings in [`account`], a bounded set of open
//! databases in [`open_accounts`], and TLS in [`tls`].

pub mod account;
pub mod admin;
pub mod digest;
pub mod links;
pub mod login;
pub mod open_accounts;
pub mod pg_pool;
pub mod run;
pub mod session;
pub mod tls;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};
use warmline_store::accounts::{AccountId, Backend, Registry};

use crate::app::{App, Today};
use crate::error::WebError;
use crate::security::{self, HostPolicy};
use open_accounts::OpenAccounts;

/// How the server was started.
#[derive(Debug, Clone)]
pub struct HostedConfig {
    /// The data folder: `accounts.db` and `accounts/`.
    pub data: PathBuf,
    pub today: Today,
    /// Cookies only over HTTPS (`Secure`, `__Host-` prefix): with TLS, or behind a proxy
    /// that terminates it.
    pub secure: bool,
    /// Trust the last `X-Forwarded-For` address as the client's (only behind a proxy).
    pub behind_proxy: bool,
    /// How many accounts' databases stay open at once.
    pub open_accounts: usize,
}

/// The signed-in account of a request, for pages that show it (Settings).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: AccountId,
    pub email: String,
    pub totp: bool,
    /// Made with `server user add --admin`: may open `/admin`.
    pub admin: bool,
}

/// Where "now" comes from: the system clock, or a value tests move.
#[derive(Clone)]
pub enum Clock {
    System,
    Fixed(Arc<std::sync::atomic::AtomicI64>),
}

impl Clock {
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Clock::Fixed(t) => t.load(std::sync::atomic::Ordering::Relaxed),
        }
    }
}

struct Inner {
    config: HostedConfig,
    registry: Mutex<Registry>,
    accounts: OpenAccounts,
    /// On PostgreSQL, the connections every account borrows from.
    postgres: Option<Arc<pg_pool::PgPool>>,
    clock: Clock,
    /// Password hashing takes 19 MiB and tens of milliseconds each: at most this many at
    /// once, so a flood of logins neither exhausts memory nor starves the pages.
    hashing: tokio::sync::Semaphore,
}

/// The hosted server's shared state. Cheap to clone.
#[derive(Clone)]
pub struct Hosted(Arc<Inner>);

const HASHING_AT_ONCE: usize = 2;

/// On PostgreSQL, how many connections the accounts' pages share at most: a few per
/// core keep both cores busy while others wait on the network.
pub const POSTGRES_CONNECTIONS: usize = 8;

impl Hosted {
    /// Opens the registry of an initialised data folder.
    pub fn open(config: HostedConfig, clock: Clock) -> Result<Hosted, WebError> {
        let registry = Registry::open_existing(&registry_path(&config.data))?;
        let postgres = match registry.backend() {
            Backend::Postgres { config } => {
                Some(Arc::new(pg_pool::PgPool::new(config, POSTGRES_CONNECTIONS)))
            }
            Backend::Sqlite { .. } => None,
        };
        Ok(Hosted(Arc::new(Inner {
            accounts: OpenAccounts::new(config.open_accounts),
            postgres,
            config,
            registry: Mutex::new(registry),
            clock,
            hashing: tokio::sync::Semaphore::new(HASHING_AT_ONCE),
        })))
    }

    pub fn config(&self) -> &HostedConfig {
        &self.0.config
    }

    pub fn now(&self) -> i64 {
        self.0.clock.now()
    }

    /// Runs `f` with the registry on a blocking thread.
    pub async fn registry<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Registry) -> Result<T, WebError> + Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let registry = me.0.registry.lock().unwrap_or_else(PoisonError::into_inner);
            f(&registry)
        })
        .await
        .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?
    }

    /// Runs password work (hashing, verifying) on a blocking thread, a few at a time.
    pub async fn hashing<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let _permit = self
            .0
            .hashing
            .acquire()
            .await
            .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| WebError::Internal(format!("a request failed: {e}")))
    }

    /// The open database of `account`, opening it (and closing the least recently used
    /// one beyond the limit) when needed.
    pub async fn app_of(&self, account: AccountId) -> Result<App, WebError> {
        if let Some(app) = self.0.accounts.get(account) {
            return Ok(app);
        }
        let path = self.registry(move |r| Ok(r.database_of(account))).await?;
        let today = self.0.config.today;
        let postgres = self.0.postgres.clone();
        let app = tokio::task::spawn_blocking(move || match postgres {
            Some(pool) => App::open_postgres(pool, account.0, &path, today),
            None => App::open_hosted(path, today),
        })
        .await
        .map_err(|e| WebError::Internal(format!("a request failed: {e}")))??;
        Ok(self.0.accounts.insert(account, app))
    }

    /// Forgets the open database of an account about to be deleted.
    pub fn close(&self, account: AccountId) {
        self.0.accounts.remove(account);
    }

    pub fn open_accounts(&self) -> &OpenAccounts {
        &self.0.accounts
    }

    /// Whether the accounts' networks are in PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.0.postgres.is_some()
    }
}

pub fn registry_path(data: &Path) -> PathBuf {
    data.join("accounts.db")
}

/// The routes of hosted mode itself, as data like [`crate::page_routes`]: logging in and
/// out, one-time links, signup, the account's own settings, and the health check.
pub fn account_routes() -> Vec<(&'static str, MethodRouter<Hosted>)> {
    vec![
        ("/login", get(login::form).post(login::submit)),
        (
            "/login/code",
            get(login::code_form).post(login::code_submit),
        ),
        ("/logout", post(login::logout)),
        (
            "/set-password/{token}",
            get(links::form).post(links::submit),
        ),
        ("/signup", get(links::signup_form).post(links::signup)),
        ("/account/logout-everywhere", post(account::everywhere)),
        ("/account/delete", post(account::delete)),
        ("/account/digest", post(account::digest)),
        (
            "/account/totp",
            get(account::totp_form).post(account::totp_save),
        ),
        ("/admin", get(admin::page)),
        ("/healthz", get(health)),
    ]
}

/// The addresses answered without a session: the login itself, the one-time link and
/// signup pages, the health check, the static assets, and the app's manifest and service
/// worker (a browser fetches the manifest without cookies; neither holds personal
/// data). Everything else needs one,
/// but for DAV (`/dav/`, `/.well-known/carddav|caldav`), which signs in with a device
/// password on every request and never with a session.
pub fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/login" | "/login/code" | "/signup" | "/healthz" | "/manifest.webmanifest" | "/sw.js"
    ) || path.starts_with("/set-password/")
        || path.starts_with("/static/")
        || crate::dav::is_dav(path)
}

/// The hosted router: every page, behind the guard and the session layer.
pub fn router(hosted: Hosted, hosts: HostPolicy) -> Router {
    let mut own = Router::new();
    for (path, route) in account_routes() {
        own = own.route(path, route);
    }
    crate::pages()
        .merge(own.with_state(hosted.clone()))
        .merge(crate::dav::router(crate::dav::Realm::hosted(
            hosted.clone(),
        )))
        .layer(axum::middleware::from_fn_with_state(hosted, session::layer))
        .layer(DefaultBodyLimit::max(security::FORM_LIMIT))
        .layer(axum::middleware::from_fn_with_state(hosts, security::guard))
}

/// `/healthz`: the registry answers. No personal data, no session needed.
pub async fn health(
    axum::extract::State(hosted): axum::extract::State<Hosted>,
) -> Result<&'static str, WebError> {
    hosted.registry(|r| Ok(r.count_accounts()?)).await?;
    Ok("ok\n")
}

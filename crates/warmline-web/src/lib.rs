//! warmline's web UI: server-rendered pages over the store, secure by default.
//!
//! A request flows through [`security::guard`] (host check, CSRF, security headers), a
//! timeout and a body limit, to a handler in [`pages`]. The handler runs its store work on
//! a blocking thread with a pooled connection ([`app::App::run`]), builds a view of plain
//! values, and renders it through an askama template, which escapes everything. Every
//! page works without JavaScript; `static/app.js` only adds search as you type and copy
//! buttons. Changes are POSTs that redirect (303) back to a page.
//!
//! Architecture invariant: no SQL here. The web crate calls the store and core as the
//! command line does, so both show the same numbers.

pub mod app;
mod assets;
pub mod charts;
pub mod dav;
pub mod error;
mod form_text;
mod import;
mod listen;
pub mod pages;
pub mod security;
pub mod server;
pub mod uploads;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};

pub use app::{App, Today};
pub use security::HostPolicy;

/// Every page and form of a person's network, as data: the address and what answers it.
/// The router is built from this table, and the tests read it to call every route (a new
/// one cannot be left out of the isolation and login tests). Handlers take the [`App`]
/// of the request (see [`app`]): locally the one database, in hosted mode the account's.
pub fn page_routes() -> Vec<(&'static str, MethodRouter)> {
    use pages::{
        calendar, corrections as fix, events, follow_ups, give, goals, import, insights, met,
        opportunities, orgs, path, people, person, person_edit, person_forms as forms,
        person_together, settings, today, triage, undo,
    };
    vec![
        ("/", get(today::show)),
        ("/met", get(met::show).post(met::capture)),
        ("/today/done", post(today::done)),
        ("/today/log", post(today::log)),
        ("/triage", get(triage::show)),
        ("/triage/apply", post(triage::apply)),
        ("/triage/tier", post(triage::tier)),
        ("/insights", get(insights::show)),
        ("/give", get(give::show)),
        ("/path", get(path::show)),
        ("/events", get(events::list).post(events::add)),
        ("/events/{id}", get(events::show)),
        ("/orgs", get(orgs::list)),
        ("/orgs/{id}", get(orgs::show).post(orgs::save)),
        ("/goals", get(goals::list).post(goals::add)),
        ("/goals/{id}", get(goals::show)),
        ("/goals/{id}/stage", post(goals::stage)),
        ("/goals/pipeline", post(goals::add_to_pipeline)),
        ("/goals/{id}/status", post(goals::status)),
        (
            "/opportunities",
            get(opportunities::list).post(opportunities::add),
        ),
        ("/opportunities/{id}/stage", post(opportunities::stage)),
        ("/opportunities/{id}/people", post(opportunities::person)),
        (
            "/import",
            get(import::form)
                .post(import::preview)
                .layer(DefaultBodyLimit::max(security::UPLOAD_LIMIT)),
        ),
        ("/import/confirm", post(import::confirm)),
        ("/import/cancel", post(import::cancel)),
        ("/people", get(people::list).post(person_edit::create)),
        ("/people/new", get(person_edit::new_form)),
        ("/people/{id}", get(person::show)),
        (
            "/people/{id}/edit",
            get(person_edit::edit_form).post(person_edit::update),
        ),
        (
            "/people/{id}/remove",
            get(forms::confirm_remove).post(forms::remove),
        ),
        ("/people/{id}/log", post(forms::log)),
        ("/people/{id}/facts", post(forms::fact)),
        ("/people/{id}/follow-ups", post(forms::add_follow_up)),
        ("/people/{id}/needs", post(forms::need)),
        ("/people/{id}/gave", post(person_together::gave)),
        ("/follow-ups", get(follow_ups::list)),
        (
            "/follow-ups/overdue/snooze",
            post(follow_ups::snooze_overdue),
        ),
        ("/follow-ups/{id}/{action}", post(forms::follow_up_action)),
        (
            "/follow-ups/{id}/edit",
            get(fix::follow_up_form).post(fix::follow_up_edit),
        ),
        (
            "/interactions/{id}/edit",
            get(fix::interaction_form).post(fix::interaction_save),
        ),
        ("/interactions/{id}/remove", post(fix::interaction_remove)),
        ("/facts/{id}/edit", get(fix::fact_form).post(fix::fact_save)),
        ("/facts/{id}/remove", post(fix::fact_remove)),
        ("/needs/{id}/{action}", post(fix::need_action)),
        ("/people/{id}/details/remove", post(fix::detail_remove)),
        ("/people/{id}/links/remove", post(fix::link_remove)),
        ("/goals/{id}/remove", post(fix::goal_member_remove)),
        (
            "/opportunities/{id}/edit",
            get(fix::job_form).post(fix::job_save),
        ),
        ("/opportunities/{id}/remove", post(fix::job_remove)),
        ("/orgs/{id}/remove", post(fix::org_remove)),
        ("/events/{id}/remove", post(fix::event_remove)),
        ("/undo/{id}", post(undo::undo)),
        ("/settings", get(settings::show).post(settings::save_habits)),
        ("/settings/profile", post(settings::save_profile)),
        ("/settings/facts", post(settings::add_fact)),
        ("/settings/offers", post(settings::add_offer)),
        ("/settings/calendar", post(settings::calendar)),
        ("/settings/devices", post(settings::add_device)),
        ("/settings/devices/remove", post(settings::remove_device)),
        ("/calendar/{file}", get(calendar::feed)),
        ("/settings/backup", get(settings::backup)),
    ]
}

/// Every page and form, behind the security guard, over one database.
pub fn router(app: App, hosts: HostPolicy) -> Router {
    router_at(app, hosts, server::Clock::System)
}

/// [`router`] with the clock its sign-in throttle reads (tests move it).
pub fn router_at(app: App, hosts: HostPolicy, clock: server::Clock) -> Router {
    pages()
        .merge(dav::router(dav::Realm::local_at(app.clone(), clock)))
        .layer(axum::Extension(app))
        .layer(DefaultBodyLimit::max(security::FORM_LIMIT))
        .layer(axum::middleware::from_fn_with_state(hosts, security::guard))
}

/// The page routes, the static assets and the fallback, without the layers that say
/// whose database answers.
pub fn pages() -> Router {
    let mut router = Router::new();
    for (path, route) in page_routes() {
        router = router.route(path, route);
    }
    router
        .route("/static/{file}", get(assets::serve))
        .route(assets::MANIFEST_URL, get(assets::manifest))
        .route("/sw.js", get(assets::worker))
        .fallback(error::not_found)
}

/// Why an address may not be served on.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error(
        "{0} is not a loopback address: `warmline serve` has no login, so it serves this computer only. To use it from another device, tunnel to it (ssh -L 7878:127.0.0.1:7878 THIS-COMPUTER)."
    )]
    NotLoopback(IpAddr),
    #[error(
        "--allow-remote is no longer accepted: without a login anyone who could reach the address could read and change your network, and a web page could too through its own domain name. Remote access will come with accounts; until then serve on loopback and tunnel to it (ssh -L 7878:127.0.0.1:7878 THIS-COMPUTER)."
    )]
    RemoteWithoutLogin,
}

/// The local server binds to loopback only: it has no login. `allow_remote` is the flag
/// earlier versions offered, now refused with the reason.
pub fn check_bind(ip: IpAddr, allow_remote: bool) -> Result<(), BindError> {
    if allow_remote {
        Err(BindError::RemoteWithoutLogin)
    } else if ip.is_loopback() {
        Ok(())
    } else {
        Err(BindError::NotLoopback(ip))
    }
}

/// The host names a server on `addr` answers to: the loopback names when it is on
/// loopback, any when it was allowed elsewhere.
pub fn host_policy(addr: SocketAddr) -> HostPolicy {
    if addr.ip().is_loopback() {
        HostPolicy::loopback_at(addr.ip(), addr.port())
    } else {
        HostPolicy::default()
    }
}

/// Longest a client may take to send a request's headers, and to start the next request
/// on a kept-alive connection. A browser sends its headers at once; a client that trickles
/// them, or holds a connection open saying nothing, is cut off.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Most connections open at once. A connection beyond it is closed as soon as it is
/// accepted, so idle or slow clients can never use up the process's file descriptors (1,024
/// by default) and lock the browser out.
pub const MAX_CONNECTIONS: usize = 512;

/// Serves until `shutdown` completes.
///
/// Through the accept loop both servers share (`listen`), without TLS.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    // Uploads nobody confirmed are removed after a while even when no one uploads again.
    let sweeper = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                app.uploads().sweep();
            }
        })
    };
    crate::listen::accept_loop(listener, router(app, host_policy(addr)), None, shutdown).await;
    // The last handle on the upload folder goes with the sweeper; the folder with it.
    sweeper.abort();
    Ok(())
}

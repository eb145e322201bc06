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
mod charts;
pub mod error;
mod import;
pub mod pages;
pub mod security;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower_http::timeout::TimeoutLayer;

pub use app::{App, Today};
pub use security::HostPolicy;

/// Longest a request may take, uploads included, before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Every page and form, behind the security guard.
pub fn router(app: App, hosts: HostPolicy) -> Router {
    use pages::{
        calendar, events, give, goals, import, insights, opportunities, orgs, path, people, person,
        person_edit, person_forms as forms, person_together, settings, today, triage,
    };
    Router::new()
        .route("/", get(today::show))
        .route("/today/done", post(today::done))
        .route("/today/log", post(today::log))
        .route("/triage", get(triage::show))
        .route("/triage/apply", post(triage::apply))
        .route("/triage/tier", post(triage::tier))
        .route("/insights", get(insights::show))
        .route("/give", get(give::show))
        .route("/path", get(path::show))
        .route("/events", get(events::list).post(events::add))
        .route("/events/{id}", get(events::show))
        .route("/orgs", get(orgs::list))
        .route("/orgs/{id}", get(orgs::show).post(orgs::save))
        .route("/goals", get(goals::list).post(goals::add))
        .route("/goals/{id}", get(goals::show))
        .route("/goals/{id}/stage", post(goals::stage))
        .route("/goals/pipeline", post(goals::add_to_pipeline))
        .route("/goals/{id}/status", post(goals::status))
        .route(
            "/opportunities",
            get(opportunities::list).post(opportunities::add),
        )
        .route("/opportunities/{id}/stage", post(opportunities::stage))
        .route("/opportunities/{id}/people", post(opportunities::person))
        .route(
            "/import",
            get(import::form)
                .post(import::preview)
                .layer(DefaultBodyLimit::max(security::UPLOAD_LIMIT)),
        )
        .route("/import/confirm", post(import::confirm))
        .route("/people", get(people::list).post(person_edit::create))
        .route("/people/new", get(person_edit::new_form))
        .route("/people/{id}", get(person::show))
        .route(
            "/people/{id}/edit",
            get(person_edit::edit_form).post(person_edit::update),
        )
        .route(
            "/people/{id}/remove",
            get(forms::confirm_remove).post(forms::remove),
        )
        .route("/people/{id}/log", post(forms::log))
        .route("/people/{id}/facts", post(forms::fact))
        .route("/people/{id}/follow-ups", post(forms::add_follow_up))
        .route("/people/{id}/needs", post(forms::need))
        .route("/people/{id}/gave", post(person_together::gave))
        .route("/follow-ups/{id}/{action}", post(forms::follow_up_action))
        .route("/settings", get(settings::show).post(settings::save_habits))
        .route("/settings/profile", post(settings::save_profile))
        .route("/settings/facts", post(settings::add_fact))
        .route("/settings/offers", post(settings::add_offer))
        .route("/settings/calendar", post(settings::calendar))
        .route("/calendar/{file}", get(calendar::feed))
        .route("/static/{file}", get(assets::serve))
        .fallback(error::not_found)
        .with_state(app)
        .layer(DefaultBodyLimit::max(security::FORM_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(hosts, security::guard))
}

/// Why an address may not be served on.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error(
        "{0} is not a loopback address: anyone who can reach it could read and change your network, and there is no login yet. Add --allow-remote if you mean it."
    )]
    NotLoopback(IpAddr),
}

/// The server binds to loopback unless told otherwise.
pub fn check_bind(ip: IpAddr, allow_remote: bool) -> Result<(), BindError> {
    if ip.is_loopback() || allow_remote {
        Ok(())
    } else {
        Err(BindError::NotLoopback(ip))
    }
}

/// The host names a server on `addr` answers to: the loopback names when it is on
/// loopback, any when it was allowed elsewhere.
pub fn host_policy(addr: SocketAddr) -> HostPolicy {
    if addr.ip().is_loopback() {
        HostPolicy::loopback(addr.port())
    } else {
        HostPolicy::default()
    }
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    let router = router(app, host_policy(addr));
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

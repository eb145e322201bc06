//! The web UI's tests, one binary: every route through the router in-process, escaping
//! of hostile text, CSRF refusals, and browser flows in headless Chromium.

mod ahead;
mod backlog;
mod browser;
mod corrections;
mod csrf;
mod dav;
mod digest;
mod escaping;
mod hardening;
mod hosted;
mod hosted_support;
mod import;
mod insights;
mod isolation;
mod people;
mod pocket;
mod refresh;
mod routes;
mod slow_clients;
mod strategy;
mod support;
mod tls;
mod told;
mod triage;

//! The web UI's tests, one binary: every route through the router in-process, escaping
//! of hostile text, CSRF refusals, and browser flows in headless Chromium.

mod browser;
mod csrf;
mod escaping;
mod import;
mod people;
mod routes;
mod strategy;
mod support;
mod triage;

//! The stylesheet and script, compiled into the binary so one file runs anywhere. Pages
//! link them with a version drawn from their content, so a browser may keep them for a
//! year and still never runs an old script against a new page.
//!
//! With them, what makes warmline an installable app: the icons, the web app manifest
//! (`/manifest.webmanifest`, which opens the app on "Met someone") and the service
//! worker (`/sw.js`, served from the root so that it may look after every page). The
//! worker is written here with the versioned addresses it keeps, so a new warmline is a
//! new worker and the phone's copy is replaced.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

const STYLE: &str = include_str!("../static/style.css");
const SCRIPT: &str = include_str!("../static/app.js");
const MANIFEST: &str = include_str!("../static/manifest.webmanifest");
const WORKER: &str = include_str!("../static/sw.js");
const ICON_192: &[u8] = include_bytes!("../static/icons/icon-192.png");
const ICON_512: &[u8] = include_bytes!("../static/icons/icon-512.png");

/// The manifest's address; pages link it.
pub const MANIFEST_URL: &str = "/manifest.webmanifest";
/// The icon pages show in the browser's tab and on a phone's home screen.
pub const ICON_URL: &str = "/static/icon-192.png";

/// FNV-1a: enough to tell one version of a file from the next.
fn fingerprint(text: &str) -> String {
    fingerprint_bytes(text.as_bytes())
}

fn fingerprint_bytes(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

pub static STYLE_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/style.css?v={}", fingerprint(STYLE)));
pub static SCRIPT_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/app.js?v={}", fingerprint(SCRIPT)));

/// What the service worker keeps and serves from its cache first.
fn assets() -> Vec<String> {
    vec![
        STYLE_URL.clone(),
        SCRIPT_URL.clone(),
        ICON_URL.to_string(),
        "/static/icon-512.png".to_string(),
        MANIFEST_URL.to_string(),
    ]
}

/// The service worker, naming the addresses it keeps and a cache version drawn from
/// everything it keeps.
static WORKER_SCRIPT: LazyLock<String> = LazyLock::new(|| {
    let assets = assets();
    let mut all = Vec::new();
    for part in [STYLE, SCRIPT, MANIFEST, WORKER] {
        all.extend_from_slice(part.as_bytes());
    }
    all.extend_from_slice(ICON_192);
    all.extend_from_slice(ICON_512);
    let list = serde_json::to_string(&assets).unwrap_or_else(|_| "[]".into());
    WORKER
        .replace("__VERSION__", &fingerprint_bytes(&all))
        .replace("__ASSETS__", &list)
});

/// A year for versioned addresses; a day for the icons, whose addresses never change.
const FOREVER: &str = "public, max-age=31536000, immutable";
const A_DAY: &str = "public, max-age=86400";

fn file(body: impl IntoResponse, kind: &'static str, cache: &'static str) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    Ok(match name.as_str() {
        "style.css" => file(STYLE, "text/css; charset=utf-8", FOREVER),
        "app.js" => file(SCRIPT, "text/javascript; charset=utf-8", FOREVER),
        "icon-192.png" => file(ICON_192, "image/png", A_DAY),
        "icon-512.png" => file(ICON_512, "image/png", A_DAY),
        _ => return Err(WebError::NotFound("There is no such file.".into())),
    })
}

/// `/manifest.webmanifest`: what a phone needs to install warmline as an app.
pub async fn manifest() -> Response {
    file(MANIFEST, "application/manifest+json", "no-cache")
}

/// `/sw.js`: the service worker. Checked again on every visit (`no-cache`), so a new
/// version replaces the old one the next time the app is opened online.
pub async fn worker() -> Response {
    file(
        WORKER_SCRIPT.as_str(),
        "text/javascript; charset=utf-8",
        "no-cache",
    )
}

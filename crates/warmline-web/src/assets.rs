//! The stylesheet and script, compiled into the binary so one file runs anywhere. Pages
//! link them with a version drawn from their content, so a browser may keep them for a
//! year and still never runs an old script against a new page.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

const STYLE: &str = include_str!("../static/style.css");
const SCRIPT: &str = include_str!("../static/app.js");

/// FNV-1a: enough to tell one version of a file from the next.
fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

pub static STYLE_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/style.css?v={}", fingerprint(STYLE)));
pub static SCRIPT_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/app.js?v={}", fingerprint(SCRIPT)));

pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    let (body, kind) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        _ => return Err(WebError::NotFound("There is no such file.".into())),
    };
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(resp)
}

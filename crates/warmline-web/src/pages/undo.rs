//! `/undo/{id}`: puts back what a removal took, from the Undo on the page it returned to.
//!
//! The page to return to is the one the Undo was pressed on: its address comes from the
//! `Referer` the guard has already checked names this server, and without one, Today.

use axum::extract::Path;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{local_path, parse_id, see, with_notice};

pub async fn undo(
    app: App,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let back = came_from(&headers).unwrap_or_else(|| "/".into());
    app.run(move |ctx| Ok(ctx.store.undo(id)?)).await?;
    Ok(see(with_notice(&back, "restored")).into_response())
}

/// The path of the page a request came from, without its notice.
fn came_from(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = &rest[rest.find('/')?..];
    let path = path.split('#').next().unwrap_or(path);
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("n="))
        .collect();
    let path = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    local_path(&path)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn from(referer: &str) -> Option<String> {
        let mut h = HeaderMap::new();
        h.insert(header::REFERER, HeaderValue::from_str(referer).unwrap());
        came_from(&h)
    }

    #[test]
    fn back_to_the_page_without_its_notice() {
        assert_eq!(
            from("http://127.0.0.1:7878/people/3?n=removed-4").as_deref(),
            Some("/people/3")
        );
        assert_eq!(
            from("http://127.0.0.1:7878/people?tag=pr&n=removed-4#x").as_deref(),
            Some("/people?tag=pr")
        );
        assert_eq!(from("http://127.0.0.1:7878").as_deref(), None);
        assert_eq!(
            from("http://127.0.0.1:7878//evil.example/").as_deref(),
            None
        );
    }
}

//! Errors as pages: what went wrong, said for a person, with the right status.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use warmline_store::StoreError;

use crate::pages::Chrome;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// An address that names nothing (an unknown person, goal or page).
    #[error("{0}")]
    NotFound(String),
    /// Input that cannot be acted on; the message says why.
    #[error("{0}")]
    BadRequest(String),
    /// Refused for safety (CSRF, a foreign host).
    #[error("{0}")]
    Forbidden(String),
    /// The request took longer than the server allows.
    #[error("{0}")]
    Timeout(String),
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Core(#[from] warmline_core::CoreError),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) | WebError::Store(StoreError::NotFound(_)) => {
                StatusCode::NOT_FOUND
            }
            WebError::BadRequest(_)
            | WebError::Core(_)
            | WebError::Store(StoreError::Invalid(_) | StoreError::Resolve(_))
            | WebError::Store(StoreError::Core(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            WebError::Internal(_) | WebError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: &'static str,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let heading = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Refused",
            StatusCode::UNPROCESSABLE_ENTITY => "That did not work",
            _ => "Something went wrong",
        };
        // Details of an internal failure go to the server's log, not to the page.
        let message = if status.is_server_error() {
            eprintln!("warmline serve: {self}");
            "The server could not finish this request; the details are in its output.".into()
        } else {
            self.to_string()
        };
        let page = ErrorPage {
            chrome: Chrome::new(heading, ""),
            heading,
            message,
        };
        (status, page).into_response()
    }
}

/// The page for any address no route knows.
pub async fn not_found() -> WebError {
    WebError::NotFound("There is no page at this address.".into())
}

//! `/admin`: what `server user add --admin` gives. An administrator sees the server's
//! accounts (address, role, state, when made), never anyone's network; to everyone else
//! the page does not exist (404). Changes to accounts stay on the command line
//! (`warmline server user ...`), where the operator is.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;

use super::{Hosted, SignedIn};
use crate::error::WebError;
use crate::pages::Chrome;
use crate::security::CsrfToken;

pub struct Row {
    pub email: String,
    pub notes: String,
    pub created: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "server/admin.html")]
pub struct AdminPage {
    chrome: Chrome,
    rows: Vec<Row>,
    open_signup: bool,
}

pub async fn page(
    State(hosted): State<Hosted>,
    Extension(me): Extension<SignedIn>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<AdminPage, WebError> {
    let missing = || WebError::NotFound("There is no page at this address.".into());
    let id = me.account;
    let (accounts, open_signup) = hosted
        .registry(move |r| {
            // Read again: a role taken away since the login counts now.
            let admin = r.account(id)?.is_some_and(|a| a.admin && !a.disabled);
            if !admin {
                return Ok(None);
            }
            Ok(Some((r.accounts()?, r.open_signup()?)))
        })
        .await?
        .ok_or_else(missing)?;
    let rows = accounts
        .into_iter()
        .map(|a| {
            let notes = a.notes().join(", ");
            Row {
                email: a.email,
                notes,
                created: chrono::DateTime::from_timestamp(a.created_at, 0)
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            }
        })
        .collect();
    tracing::info!(account = id.0, "admin page");
    Ok(AdminPage {
        chrome: Chrome::page("Accounts", "settings", &csrf),
        rows,
        open_signup,
    })
}

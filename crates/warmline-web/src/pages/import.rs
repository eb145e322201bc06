//! `/import`: upload a file, see what it would change (a dry run through the same code as
//! the real import), then confirm.
//!
//! The upload is streamed to this server's private upload folder ([`crate::uploads`]) under
//! an unguessable name, so the confirmation can import the very file that was previewed
//! without sending it twice.
//! Uploads are multipart, which the security guard cannot read without buffering 100 MiB,
//! so this handler checks the CSRF token itself: the token field must come first, before
//! anything is written to disk.

use std::path::PathBuf;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Multipart;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use warmline_store::ImportReport;

use crate::app::App;
use crate::error::WebError;
use crate::import::{self, Format};
use crate::pages::{Chrome, Input, given};
use crate::security::{CSRF_FIELD, CsrfToken, UploadToken, new_token, same_token};

/// Rows of each list a report shows; the counts are always exact.
const SHOWN: usize = 50;

/// An upload's file, named by the id the preview page carries. Anything but a fresh id's
/// hex digits names nothing, so a form cannot point at another file.
fn upload_path(app: &App, id: &str) -> Result<PathBuf, WebError> {
    if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(WebError::NotFound("This upload does not exist.".into()));
    }
    Ok(app.uploads().path(id))
}

/// A report as the page shows it.
pub struct Shown {
    pub people: [u64; 4],
    pub interactions: [u64; 4],
    pub rows: [u64; 4],
    pub messages: u64,
    pub unknown: u64,
    pub changes: Vec<String>,
    pub more_changes: u64,
    pub connections: u64,
    pub job_changes: Vec<String>,
    /// People kept apart from someone with the same e-mail or phone (their names differ).
    pub shared: Vec<String>,
    pub errors: Vec<String>,
    pub more_errors: usize,
    /// How the file was read ("you are Sam Rivera (from messages.csv)…").
    pub notes: Vec<String>,
    pub nothing: bool,
}

fn show(r: &ImportReport) -> Shown {
    let four = |c: warmline_store::Counts| [c.added, c.updated, c.unchanged, c.skipped];
    let changes: Vec<String> = r
        .changes
        .iter()
        .take(SHOWN)
        .map(|c| {
            if c.action == "add" {
                format!("add {}", c.name)
            } else {
                format!("update {}: {}", c.name, c.fields.join(", "))
            }
        })
        .collect();
    let job = |j: &warmline_store::JobRef| {
        crate::pages::people::role(j.title.as_deref(), j.org.as_deref())
    };
    Shown {
        people: four(r.people),
        interactions: four(r.interactions),
        rows: four(r.rows),
        messages: r.messages,
        unknown: r.unknown_addresses,
        more_changes: r.changes_count.saturating_sub(changes.len() as u64),
        changes,
        connections: r.new_connections_count,
        job_changes: r
            .job_changes
            .iter()
            .take(SHOWN)
            .map(|j| format!("{}: {} → {}", j.name, job(&j.from), job(&j.to)))
            .collect(),
        shared: r
            .shared
            .iter()
            .take(SHOWN)
            .map(|x| {
                format!(
                    "{} (line {}) shares {} with {}",
                    x.name, x.line, x.what, x.with_name
                )
            })
            .collect(),
        errors: r
            .errors
            .iter()
            .take(SHOWN * 2)
            .map(|e| {
                if e.line == 0 {
                    e.message.clone()
                } else {
                    format!("line {}: {}", e.line, e.message)
                }
            })
            .collect(),
        more_errors: r.errors.len().saturating_sub(SHOWN * 2),
        notes: r.notes.clone(),
        nothing: r.added == 0 && r.updated == 0,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub struct ImportPage {
    chrome: Chrome,
    /// The preview or the result, when there is one.
    report: Option<Shown>,
    /// Set on a preview: what the confirmation imports.
    upload: Option<(String, &'static str, bool, String)>,
    done: bool,
    error: Option<String>,
}

impl ImportPage {
    fn formats(&self) -> Vec<(&'static str, &'static str)> {
        Format::ALL
            .iter()
            .map(|f| (f.as_str(), f.label()))
            .collect()
    }

    fn fresh(csrf: &CsrfToken, error: Option<String>) -> ImportPage {
        ImportPage {
            chrome: Chrome::page("Import", "import", csrf),
            report: None,
            upload: None,
            done: false,
            error,
        }
    }
}

pub async fn form(Extension(csrf): Extension<CsrfToken>) -> ImportPage {
    ImportPage::fresh(&csrf, None)
}

fn field_error(e: axum::extract::multipart::MultipartError) -> WebError {
    let status = e.status();
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        WebError::BadRequest(
            "The file is larger than 100 MiB; import it with `warmline import` instead.".into(),
        )
    } else {
        WebError::BadRequest(format!("The upload could not be read: {e}"))
    }
}

/// Receives the file and shows what importing it would change.
pub async fn preview(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    expected: Option<Extension<UploadToken>>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let (Some(Extension(expected)), Ok(mut multipart)) = (expected, multipart) else {
        return Err(WebError::BadRequest(
            "Send the file with the form on the Import page.".into(),
        ));
    };
    // The token comes first: nothing is stored for a forged request.
    let first = multipart.next_field().await.map_err(field_error)?;
    let token_ok = match first {
        Some(f) if f.name() == Some(CSRF_FIELD) => {
            let value = f.text().await.map_err(field_error)?;
            same_token(&value, &expected.0)
        }
        _ => false,
    };
    if !token_ok {
        return Err(WebError::Forbidden(
            "This form is out of date or did not come from warmline. Reload the page and try again."
                .into(),
        ));
    }
    let mut format = String::from("auto");
    let mut overwrite = false;
    let mut saved: Option<(String, String, Vec<u8>)> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(field_error)? {
        match field.name() {
            Some("format") => format = field.text().await.map_err(field_error)?,
            Some("overwrite") => overwrite = !field.text().await.map_err(field_error)?.is_empty(),
            Some("file") if saved.is_none() => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let id = new_token()?;
                app.uploads().sweep();
                let path = upload_path(&app, &id)?;
                let file = app
                    .uploads()
                    .create_file(&id)
                    .map_err(|e| WebError::Internal(format!("cannot store the upload: {e}")))?;
                let mut file = tokio::fs::File::from_std(file);
                let mut head = Vec::new();
                let mut size = 0usize;
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    let _ = std::fs::remove_file(&path);
                    field_error(e)
                })? {
                    if head.len() < 4096 {
                        head.extend_from_slice(&chunk[..chunk.len().min(4096 - head.len())]);
                    }
                    size += chunk.len();
                    file.write_all(&chunk)
                        .await
                        .map_err(|e| WebError::Internal(format!("cannot store the upload: {e}")))?;
                }
                file.flush()
                    .await
                    .map_err(|e| WebError::Internal(format!("cannot store the upload: {e}")))?;
                if size == 0 {
                    let _ = std::fs::remove_file(&path);
                    return Ok(again(&csrf, "Choose a file to import.").into_response());
                }
                saved = Some((id, name, head));
            }
            _ => {}
        }
    }
    let Some((id, name, head)) = saved else {
        return Ok(again(&csrf, "Choose a file to import.").into_response());
    };
    let format = match format.as_str() {
        "auto" => Format::guess(&name, &head),
        other => Format::parse(other).ok_or_else(|| {
            WebError::BadRequest(format!("'{other}' is not a format warmline reads."))
        })?,
    };
    let path = upload_path(&app, &id)?;
    let label = name.clone();
    let file = path.clone();
    let report = app
        .run(move |ctx| {
            import::run(
                &ctx.store, format, &file, &label, overwrite, true, ctx.today,
            )
        })
        .await;
    let report = match report {
        Ok(r) => r,
        Err(e) if e.status().is_client_error() => {
            return Ok(again(&csrf, &e.to_string()).into_response());
        }
        Err(e) => return Err(e),
    };
    let has_errors = !report.errors.is_empty();
    let shown = show(&report);
    if has_errors || shown.nothing {
        // Nothing will be confirmed: the file has no reason to stay.
        let _ = std::fs::remove_file(&path);
    }
    Ok(ImportPage {
        chrome: Chrome::page("Import: preview", "import", &csrf),
        report: Some(shown),
        upload: (!has_errors).then(|| (id, format.as_str(), overwrite, name)),
        done: false,
        error: None,
    }
    .into_response())
}

fn again(csrf: &CsrfToken, message: &str) -> (axum::http::StatusCode, ImportPage) {
    (
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        ImportPage::fresh(csrf, Some(message.to_string())),
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    pub upload: Option<String>,
    pub format: Option<String>,
    pub overwrite: Option<String>,
    pub name: Option<String>,
}

/// Imports the previewed file for real.
pub async fn confirm(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(f): Input<ConfirmForm>,
) -> Result<Response, WebError> {
    let path = upload_path(&app, given(&f.upload).unwrap_or(""))?;
    if !path.is_file() {
        return Ok(again(&csrf, "That upload has expired; choose the file again.").into_response());
    }
    let format = given(&f.format)
        .and_then(Format::parse)
        .ok_or_else(|| WebError::BadRequest("The form names no format.".into()))?;
    let overwrite = given(&f.overwrite).is_some();
    let label = given(&f.name).unwrap_or("the file").to_string();
    let file = path.clone();
    let result = app
        .run(move |ctx| {
            import::run(
                &ctx.store, format, &file, &label, overwrite, false, ctx.today,
            )
        })
        .await;
    match result {
        Ok(report) => {
            let _ = std::fs::remove_file(&path);
            Ok(ImportPage {
                chrome: Chrome::page("Import: done", "import", &csrf).with_notice(Some("imported")),
                report: Some(show(&report)),
                upload: None,
                done: true,
                error: None,
            }
            .into_response())
        }
        Err(e) if e.status().is_client_error() => Ok(again(&csrf, &e.to_string()).into_response()),
        Err(e) => Err(e),
    }
}

/// Drops a previewed upload without importing it.
pub async fn cancel(app: App, Input(f): Input<ConfirmForm>) -> Result<Response, WebError> {
    let path = upload_path(&app, given(&f.upload).unwrap_or(""))?;
    let _ = std::fs::remove_file(&path);
    Ok(crate::pages::see("/import").into_response())
}

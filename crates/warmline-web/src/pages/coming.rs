//! Goals and Opportunities keep their addresses from the first release, so links and
//! bookmarks never break, and say plainly what they will hold. Their data comes from parts
//! of warmline still being built (goals and pipelines, job tracking); until then each page
//! points at what already works.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;

use crate::error::WebError;
use crate::pages::{Chrome, parse_id};
use crate::security::CsrfToken;

/// A link to something that works today.
pub struct Meanwhile {
    pub href: &'static str,
    pub label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "coming.html")]
pub struct ComingPage {
    chrome: Chrome,
    heading: &'static str,
    purpose: &'static str,
    meanwhile: Vec<Meanwhile>,
}

pub async fn goals(Extension(csrf): Extension<CsrfToken>) -> ComingPage {
    ComingPage {
        chrome: Chrome::page("Goals", "goals", &csrf),
        heading: "Goals",
        purpose: "Be strategic: set a goal such as “Break into PR at a boutique agency”, see the \
                  people and organisations that fit it, and move each person along a pipeline \
                  from identified to reached out, replied, conversation, referral and \
                  opportunity, with funnel counts for each goal.",
        meanwhile: vec![
            Meanwhile {
                href: "/people",
                label: "Tag the people who fit a goal, and filter People by that tag",
            },
            Meanwhile {
                href: "/people/new",
                label: "Add the people you want to reach",
            },
        ],
    }
}

/// No goal exists until goals can be created, so every goal address is a 404.
pub async fn goal(Path(raw): Path<String>) -> Result<ComingPage, WebError> {
    let id = parse_id(&raw)?;
    Err(WebError::NotFound(format!("There is no goal #{id}.")))
}

pub async fn opportunities(Extension(csrf): Extension<CsrfToken>) -> ComingPage {
    ComingPage {
        chrome: Chrome::page("Opportunities", "opportunities", &csrf),
        heading: "Opportunities",
        purpose: "Track the roles you pursue (lead, applied, interview, offer) with the people \
                  who led to each one: referrers, recruiters, hiring managers, so you can see \
                  what your networking produced.",
        meanwhile: vec![
            Meanwhile {
                href: "/people",
                label: "Log the conversations that lead to openings on each person's page",
            },
            Meanwhile {
                href: "/insights",
                label: "See your touches, reply rate and follow-up speed",
            },
        ],
    }
}

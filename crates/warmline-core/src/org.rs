//! Organisations: where people work and where goals aim.

use serde::{Deserialize, Serialize};

pub type OrgId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub industry: Option<String>,
    /// A size class such as solo, boutique, startup, mid, large.
    pub size: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
}

/// The size classes offered in help and forms; any other word is kept as typed.
pub const SIZE_CLASSES: [&str; 5] = ["solo", "boutique", "startup", "mid", "large"];

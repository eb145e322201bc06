//! End-to-end tests: the real binary on a temporary database, with stdout, stderr and the
//! exit status pinned together as snapshots.

mod add_twice;
mod ahead;
mod app_password;
mod backlog;
mod birthdays;
mod calendars;
mod control_chars;
mod corrections;
mod dav_clients;
mod digest;
mod disk;
mod engine;
mod errors;
mod export;
mod identity;
mod import;
mod import_dates;
mod linkedin;
mod met_late;
mod names;
mod people;
mod private;
mod robust;
mod served;
mod server;
mod simulate;
mod skip_bad;
mod strategy;
mod support;
mod told;
mod triage;
mod weekly;

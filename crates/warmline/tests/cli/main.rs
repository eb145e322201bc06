//! End-to-end tests: the real binary on a temporary database, with stdout, stderr and the
//! exit status pinned together as snapshots.

mod engine;
mod errors;
mod export;
mod import;
mod people;
mod robust;
mod served;
mod strategy;
mod support;
mod triage;

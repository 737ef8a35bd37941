//! The decision core of **Records Guard**, a browser extension that keeps people safe while they use
//! their online health and care records.
//!
//! Plain data in, findings out: the browser-side JavaScript hands the core a page's URL or a
//! snapshot of its forms ([`Snapshot`]) together with the person's [`Settings`], and the core answers
//! with a [`Verdict`]: which records service this is (if any) and what is wrong ([`Finding`]s with
//! stable [`Code`]s). Words for people live in the extension's `_locales`, keyed by those codes;
//! the core never produces prose.
//!
//! The only browser-facing code is the `wasm` module (built for `wasm32` only), which converts
//! JavaScript values at the boundary. Everything else is tested with plain `cargo test`.
//!
//! ```
//! use records_guard::{check_url, Code, Settings, Status};
//!
//! let verdict = check_url("http://access.login.nhs.uk/", &Settings::default()).unwrap();
//! assert_eq!(verdict.portal.as_ref().map(|p| p.id.as_str()), Some("nhs-login"));
//! assert_eq!(verdict.findings[0].code, Code::InsecureConnection);
//! assert_eq!(verdict.status, Status::Danger);
//! ```
#![deny(missing_docs)]
#![deny(clippy::unwrap_used)]

pub mod address;
pub mod confusable;
pub mod connection;
pub mod context;
pub mod detect;
pub mod error;
pub mod findings;
pub mod lookalike;
pub mod loose;
pub mod page;
pub mod password;
pub mod password_fields;
pub mod portal;
pub mod provider;
pub mod punycode;
pub mod remember;
pub mod reuse;
pub mod settings;
pub mod shared;
pub mod snapshot;
pub mod strength;
pub mod suffix;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use context::Context;
pub use error::Error;
pub use findings::{Code, Finding, Severity};
pub use page::{analyse_page, analyse_page_with};
pub use portal::{Portal, PortalKind};
pub use settings::{ReadSettings, Settings};
pub use snapshot::Snapshot;
pub use strength::{strength, Strength};
pub use verdict::{check_url, check_url_with, Action, Status, Verdict};

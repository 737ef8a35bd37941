//! The core's answer for a page: which service it is, what is wrong, and the overall status.

use crate::address::{first_bytes, Address};
use crate::connection::insecure_connection;
use crate::context::Context;
use crate::findings::{Control, Finding, Severity};
use crate::lookalike::imitation;
use crate::password_fields::PasswordField;
use crate::portal::{recognise, Portal};
use crate::settings::Settings;
use crate::shared::shared_computer_findings;
use crate::snapshot::MAX_URL_TEXT;
use crate::Error;
use serde::{Deserialize, Serialize};

/// The overall state of a page, for the toolbar badge and the popup's headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A recognised records service with nothing wrong.
    Safe,
    /// Something to take care about.
    Warning,
    /// Something that puts the person's password or records at risk.
    Danger,
    /// Not a records site, and nothing wrong.
    None,
}

/// What the core decided about a page. Stored as `findings:<tabId>` in `storage.session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The page's address.
    pub url: String,
    /// The records service, if the page belongs to one.
    pub portal: Option<Portal>,
    /// What is wrong, most serious first.
    pub findings: Vec<Finding>,
    /// The overall state.
    pub status: Status,
    /// Whether the page was larger than the core reads, so only part of it was checked.
    pub truncated: bool,
    /// What the extension should do on the page for the person (each is told to them and undoable).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// What each visible password field is for (empty for URL-only verdicts).
    #[serde(rename = "passwordFields", default)]
    pub password_fields: Vec<PasswordField>,
    /// Fields holding the person's own details on forms that choose a new password.
    #[serde(rename = "detailFields", default)]
    pub detail_fields: Vec<Control>,
}

/// Something the extension does on the page, decided here and carried out by the content script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Action {
    /// Untick a remember-me control (shared-computer mode).
    Untick {
        /// Index of the form in the snapshot.
        form: usize,
        /// Index of the field in the form.
        field: usize,
    },
}

impl Verdict {
    /// Builds a verdict, ordering the findings (most serious first) and deriving the status.
    pub fn new(url: String, portal: Option<Portal>, mut findings: Vec<Finding>, truncated: bool) -> Verdict {
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let status = match findings.first().map(|f| f.severity) {
            Some(Severity::Danger) => Status::Danger,
            Some(Severity::Warning) => Status::Warning,
            _ if portal.is_some() => Status::Safe,
            _ => Status::None,
        };
        Verdict {
            url,
            portal,
            findings,
            status,
            truncated,
            actions: Vec::new(),
            password_fields: Vec::new(),
            detail_fields: Vec::new(),
        }
    }

    /// The same verdict with more findings (from password fields as the person types), re-ordered
    /// and with the status derived again.
    pub fn with_findings(self, extra: Vec<Finding>) -> Verdict {
        let Verdict { url, portal, mut findings, truncated, actions, password_fields, detail_fields, .. } = self;
        findings.extend(extra);
        Verdict { actions, password_fields, detail_fields, ..Verdict::new(url, portal, findings, truncated) }
    }
}

/// Checks a page from its URL alone: the records service it belongs to and whether it is served
/// over HTTPS. Non-web addresses (`chrome:`, `about:` …) get an empty verdict.
///
/// ```
/// use records_guard::{check_url, Settings, Status};
/// let s = Settings::default();
/// assert_eq!(check_url("https://www.patientaccess.com/", &s).unwrap().status, Status::Safe);
/// assert_eq!(check_url("http://www.example.com/", &s).unwrap().status, Status::None);
/// assert!(check_url("not a url", &s).is_err());
/// ```
pub fn check_url(url: &str, settings: &Settings) -> Result<Verdict, Error> {
    check_url_with(url, settings, &Context::default())
}

/// [`check_url`], knowing the browser's side of the tab (private window, password saving).
pub fn check_url_with(url: &str, settings: &Settings, context: &Context) -> Result<Verdict, Error> {
    // Tab addresses can be megabytes long (data in the query string): keep only the start.
    let url = first_bytes(url, MAX_URL_TEXT);
    let address = Address::parse(url)?;
    let portal = recognise(&address.host, settings);
    let mut findings = address_findings(&address, portal.as_ref(), false, settings);
    findings.extend(shared_computer_findings(portal.as_ref(), settings, context));
    Ok(Verdict::new(url.into(), portal, findings, false))
}

/// What the address alone tells: an insecure connection (for a portal, or a page known to have a
/// password field), or an imitation of a known service.
pub(crate) fn address_findings(
    address: &Address,
    portal: Option<&Portal>,
    has_password_field: bool,
    settings: &Settings,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> =
        insecure_connection(address, portal.is_some(), has_password_field).into_iter().collect();
    if portal.is_none() {
        findings.extend(imitation(&address.host, settings).map(Finding::from));
    }
    findings
}

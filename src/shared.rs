//! Shared or public computers. The guide: use a private window, and make sure the computer does not
//! store the password. With shared-computer mode on, a records portal open in a normal window gets
//! `not-private`, and a browser that offers to save passwords gets `password-saving`.

use crate::context::Context;
use crate::findings::{Code, Finding, Severity};
use crate::portal::Portal;
use crate::settings::Settings;

/// The shared-computer findings for a page.
///
/// ```
/// use records_guard::{context::Context, portal::recognise, shared::shared_computer_findings, Code, Settings};
/// let settings = Settings { shared_computer: true, ..Settings::default() };
/// let portal = recognise("www.nhs.uk", &settings);
/// let normal = Context { incognito: false, password_saving: Some(true) };
/// let codes: Vec<Code> = shared_computer_findings(portal.as_ref(), &settings, &normal).iter().map(|f| f.code).collect();
/// assert_eq!(codes, [Code::NotPrivate, Code::PasswordSaving]);
/// let private = Context { incognito: true, password_saving: Some(false) };
/// assert!(shared_computer_findings(portal.as_ref(), &settings, &private).is_empty());
/// ```
pub fn shared_computer_findings(portal: Option<&Portal>, settings: &Settings, context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !settings.shared_computer || portal.is_none() {
        return findings;
    }
    if !context.incognito {
        findings.push(Finding::new(Code::NotPrivate, Severity::Warning));
    }
    if context.password_saving == Some(true) {
        findings.push(Finding::new(Code::PasswordSaving, Severity::Warning));
    }
    findings
}

//! Is the connection private? The guide: check for the padlock and `https://` before typing a
//! password. Decides `insecure-connection` and `insecure-form`.

use crate::address::{Address, Scheme};
use crate::findings::{Code, Finding, InsecureReason, Severity};
use crate::snapshot::Snapshot;

/// `insecure-connection` when a records portal, or a page asking for a password, is served over
/// plain `http:`. Pages on this computer itself (`localhost`) are exempt, as browsers treat them
/// as secure.
pub fn insecure_connection(address: &Address, is_portal: bool, has_password_field: bool) -> Option<Finding> {
    if address.scheme != Scheme::Http || address.is_loopback() {
        return None;
    }
    let reason = if is_portal {
        InsecureReason::Portal
    } else if has_password_field {
        InsecureReason::PasswordField
    } else {
        return None;
    };
    Some(Finding { reason: Some(reason), ..Finding::new(Code::InsecureConnection, Severity::Danger) })
}

/// Words in a frame's address that say it is for signing in.
const SIGN_IN_WORDS: &[&str] = &["login", "log-in", "logon", "signin", "sign-in", "auth", "password", "account"];

/// `insecure-form` for each password form on an HTTPS page that submits to a plain `http:`
/// address, and for each sign-in frame loaded over `http:` (on a records portal every `http:`
/// frame counts; elsewhere one whose address mentions signing in) — one finding per address.
/// On an `http:` page the whole page is already insecure.
pub fn insecure_forms(address: &Address, snapshot: &Snapshot, is_portal: bool) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    if address.scheme != Scheme::Https {
        return findings;
    }
    for form in &snapshot.forms {
        let Some(action) = &form.action else { continue };
        if !form.fields.iter().any(|f| f.is_password()) {
            continue;
        }
        let insecure = matches!(Address::parse(action), Ok(a) if a.scheme == Scheme::Http && !a.is_loopback());
        if insecure && !findings.iter().any(|f| f.action.as_deref() == Some(action.as_str())) {
            findings
                .push(Finding { action: Some(action.clone()), ..Finding::new(Code::InsecureForm, Severity::Danger) });
        }
    }
    for frame in &snapshot.frames {
        let insecure = matches!(Address::parse(frame), Ok(a) if a.scheme == Scheme::Http && !a.is_loopback());
        let lower = frame.to_ascii_lowercase();
        let signs_in = is_portal || SIGN_IN_WORDS.iter().any(|w| lower.contains(w));
        if insecure && signs_in && !findings.iter().any(|f| f.action.as_deref() == Some(frame.as_str())) {
            findings
                .push(Finding { action: Some(frame.clone()), ..Finding::new(Code::InsecureForm, Severity::Danger) });
        }
    }
    findings
}

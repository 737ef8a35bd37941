//! Findings: what the core noticed, as stable codes with a severity and structured details.

use crate::lookalike::{Imitation, Rule};
use crate::password::Weakness;
use crate::remember::{RememberMe, Remembers};
use serde::{Deserialize, Serialize};

/// How much a finding matters to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Take care: a habit the guide advises against.
    Warning,
    /// Stop before typing anything: the person's password or records are at risk.
    Danger,
}

/// A finding's code. These strings are a contract (storage, locales, outside checks): new codes
/// may be added, existing ones are never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// A records portal, or any page with a password field, is not on HTTPS.
    InsecureConnection,
    /// A password form on an HTTPS page submits to `http:`.
    InsecureForm,
    /// The host imitates a known portal.
    LookalikeDomain,
    /// A visible "remember me" control on a portal login.
    RememberMe,
    /// Shared-computer mode is on and the browser will offer to save passwords.
    PasswordSaving,
    /// Shared-computer mode is on and a portal is open in a normal window.
    NotPrivate,
    /// The records password is being typed on another site.
    PasswordReuse,
    /// A new password being chosen on a portal is weak.
    WeakPassword,
    /// A new password is too close to the current one typed on the same form.
    SimilarPassword,
}

impl Code {
    /// The code as it appears in storage and messages, e.g. `"insecure-connection"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::InsecureConnection => "insecure-connection",
            Code::InsecureForm => "insecure-form",
            Code::LookalikeDomain => "lookalike-domain",
            Code::RememberMe => "remember-me",
            Code::PasswordSaving => "password-saving",
            Code::NotPrivate => "not-private",
            Code::PasswordReuse => "password-reuse",
            Code::WeakPassword => "weak-password",
            Code::SimilarPassword => "similar-password",
        }
    }
}

/// Why a connection counts as insecure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InsecureReason {
    /// The page belongs to a records service.
    Portal,
    /// The page asks for a password.
    PasswordField,
}

/// One thing the core noticed. Details are flat, optional fields so the stored object stays
/// `{ code, severity, … }` as the storage contract says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// What was found.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// For [`Code::InsecureConnection`]: why the page counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<InsecureReason>,
    /// For [`Code::InsecureForm`]: the `http:` address the form submits to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// For [`Code::LookalikeDomain`]: the real service, and where to go instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imitates: Option<Imitated>,
    /// For [`Code::LookalikeDomain`]: how the host imitates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// For [`Code::RememberMe`]: whether the control is ticked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// For [`Code::RememberMe`]: what the control keeps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remembers: Option<Remembers>,
    /// For [`Code::RememberMe`]: where the control is in the snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<Control>,
    /// For [`Code::WeakPassword`]: every reason the password is weak.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weaknesses: Option<Vec<Weakness>>,
    /// For [`Code::PasswordReuse`] on another site: the records service whose password it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// For [`Code::PasswordReuse`] on a records sign-in (reverse check): how many other sites use
    /// the same password.
    #[serde(rename = "otherSites", skip_serializing_if = "Option::is_none")]
    pub other_sites: Option<usize>,
}

/// Where a control is in a page snapshot: its form's index and its index in that form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    /// Index of the form.
    pub form: usize,
    /// Index of the field in the form.
    pub field: usize,
}

/// The real service a lookalike imitates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imitated {
    /// The service's id.
    pub id: String,
    /// The service's name.
    pub name: String,
    /// The host to go to instead.
    pub home: String,
}

impl Finding {
    /// A finding with no details.
    pub const fn new(code: Code, severity: Severity) -> Self {
        Finding {
            code,
            severity,
            reason: None,
            action: None,
            imitates: None,
            rule: None,
            checked: None,
            remembers: None,
            control: None,
            weaknesses: None,
            service: None,
            other_sites: None,
        }
    }
}

impl From<&RememberMe> for Finding {
    fn from(control: &RememberMe) -> Self {
        Finding {
            checked: Some(control.checked),
            remembers: Some(control.remembers),
            control: Some(Control { form: control.form, field: control.field }),
            ..Finding::new(Code::RememberMe, Severity::Warning)
        }
    }
}

impl From<Imitation> for Finding {
    fn from(imitation: Imitation) -> Self {
        let service = imitation.service;
        Finding {
            imitates: Some(Imitated { id: service.id.into(), name: service.name.into(), home: service.home.into() }),
            rule: Some(imitation.rule),
            ..Finding::new(Code::LookalikeDomain, Severity::Danger)
        }
    }
}

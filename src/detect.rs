//! Recognising a records portal we do not know from the page itself: a sign-in form on a page
//! that talks about GP or hospital records. The person's own hosts and the registry come first;
//! this catches the many practice and trust sites no list can hold.

use crate::address::Address;
use crate::portal::{Portal, PortalKind};
use crate::snapshot::Snapshot;
use crate::suffix::registrable_domain;

/// Phrases that on their own say "health or care records".
const STRONG: &[&str] = &[
    "nhs number",
    "health record",
    "medical record",
    "patient record",
    "care record",
    "gp record",
    "repeat prescription",
    "patient portal",
    "patient online",
    "mychart",
    "my chart",
    "gp practice",
    "gp surgery",
    "your gp",
    "nhs login",
    "online services for patients",
];

/// Words that count when two or more different ones appear.
const WEAK: &[&str] = &[
    "patient",
    "patients",
    "surgery",
    "prescription",
    "prescriptions",
    "appointment",
    "appointments",
    "test results",
    "gp",
    "nhs",
    "hospital",
    "clinic",
    "medication",
    "medicines",
    "doctor",
    "health",
    "nurse",
];

/// Whether `needle` occurs in `haystack` as whole words.
fn has_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether the page has a visible sign-in form: a visible password field.
fn has_sign_in(snapshot: &Snapshot) -> bool {
    snapshot.fields().any(|f| f.is_password() && f.visible)
}

/// A records portal recognised from the page, or `None`. The portal's id and name are the site's
/// registrable domain (`mysurgery.co.uk`).
///
/// ```
/// use records_guard::{detect::detect, snapshot::{Field, Form, Snapshot}};
/// let password = Field { kind: "password".into(), visible: true, ..Field::default() };
/// let page = Snapshot {
///     url: "https://online.oakleaf-surgery.co.uk/".into(),
///     title: "Sign in to your GP record".into(),
///     forms: vec![Form { fields: vec![password], ..Form::default() }],
///     ..Snapshot::default()
/// };
/// assert_eq!(detect(&page).unwrap().id, "oakleaf-surgery.co.uk");
/// ```
pub fn detect(snapshot: &Snapshot) -> Option<Portal> {
    if !has_sign_in(snapshot) {
        return None;
    }
    let mut text = format!("{}\n{}", snapshot.title, snapshot.text);
    for field in snapshot.fields() {
        text.push('\n');
        text.push_str(&field.label);
        text.push('\n');
        text.push_str(&field.placeholder);
    }
    let text = text.to_lowercase();
    let strong = STRONG.iter().any(|phrase| has_words(&text, phrase));
    let weak = WEAK.iter().filter(|word| has_words(&text, word)).count();
    if !strong && weak < 2 {
        return None;
    }
    let address = Address::parse(&snapshot.url).ok()?;
    let site = registrable_domain(&address.host).unwrap_or(&address.host).to_string();
    Some(Portal { id: site.clone(), name: site, kind: PortalKind::Detected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Field, Form};

    fn page(url: &str, title: &str, text: &str) -> Snapshot {
        let password = Field { kind: "password".into(), visible: true, ..Field::default() };
        Snapshot {
            url: url.into(),
            title: title.into(),
            text: text.into(),
            forms: vec![Form { fields: vec![password], ..Form::default() }],
            ..Snapshot::default()
        }
    }

    #[test]
    fn records_pages_are_detected() {
        for (title, text) in [
            ("Online services", "Log in to order repeat prescriptions and book appointments"),
            ("Patient login", "Enter your NHS number"),
            ("MyChart - Login Page", "Communicate with your doctor"),
            ("Sign in", "See your GP record and test results"),
        ] {
            assert!(detect(&page("https://portal.example-trust.test/", title, text)).is_some(), "{title}");
        }
    }

    #[test]
    fn ordinary_pages_are_not() {
        for (title, text) in [
            ("Sign in to your account", "Email address Password Forgotten your password?"),
            ("Log in | Online banking", "Welcome back. Protect yourself from fraud."),
            ("Surgery tools catalogue", "Log in to see trade prices"),
            ("Gpx files", "Strava sign in"),
        ] {
            assert!(detect(&page("https://www.example.test/", title, text)).is_none(), "{title}");
        }
        let mut no_password = page("https://portal.example-trust.test/", "Patient login", "Enter your NHS number");
        no_password.forms.clear();
        assert!(detect(&no_password).is_none());
    }
}

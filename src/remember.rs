//! "Remember me" controls: checkboxes, switches and toggles that keep a person signed in, or make
//! the browser or site remember them, on this computer. The guide: on a shared or public computer
//! the "remember me" box must not be ticked.
//!
//! A control counts when it is visible, checkable (a checkbox, or an ARIA `checkbox`/`switch`), and
//! its label says so ("Keep me signed in", "Trust this device", "Remember my user ID"), or, with no
//! telling label, its name or id does (`rememberMe`, `persistent`, `autologin`, `kmsi`). Not:
//! "Show password", terms, consent or newsletter boxes, hidden honeypots, or prose that merely
//! mentions remembering.

use crate::snapshot::{Field, Snapshot};
use serde::{Deserialize, Serialize};

/// What a remember-me control keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Remembers {
    /// The person stays signed in.
    SignedIn,
    /// This device or browser is trusted, so the second sign-in step is skipped.
    Device,
    /// The user name or email is filled in next time.
    Username,
}

/// A remember-me control found on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberMe {
    /// Index of its form in the snapshot.
    pub form: usize,
    /// Index of the field in that form.
    pub field: usize,
    /// Whether it is ticked.
    pub checked: bool,
    /// What it keeps.
    pub remembers: Remembers,
}

/// Label phrases, after [`normalise`], and what they keep. Checked in order.
const PHRASES: &[(&str, Remembers)] = &[
    ("trust this device", Remembers::Device),
    ("trust this computer", Remembers::Device),
    ("trust this browser", Remembers::Device),
    ("remember this device", Remembers::Device),
    ("remember this computer", Remembers::Device),
    ("remember this browser", Remembers::Device),
    ("remember my device", Remembers::Device),
    ("remember me on this device", Remembers::Device),
    ("dont ask again on this device", Remembers::Device),
    ("do not ask again on this device", Remembers::Device),
    ("dont ask me again on this device", Remembers::Device),
    ("dont ask again on this computer", Remembers::Device),
    ("do not ask again on this computer", Remembers::Device),
    ("dont ask again on this browser", Remembers::Device),
    ("dont ask again for this device", Remembers::Device),
    ("dont ask for codes again", Remembers::Device),
    ("skip this step next time", Remembers::Device),
    ("remember my user id", Remembers::Username),
    ("remember my username", Remembers::Username),
    ("remember my user name", Remembers::Username),
    ("remember my email", Remembers::Username),
    ("remember username", Remembers::Username),
    ("remember user name", Remembers::Username),
    ("remember email", Remembers::Username),
    ("remember my details", Remembers::SignedIn),
    ("remember my login details", Remembers::SignedIn),
    ("remember my login", Remembers::SignedIn),
    ("remember login", Remembers::SignedIn),
    ("remember me", Remembers::SignedIn),
    ("keep me signed in", Remembers::SignedIn),
    ("keep me logged in", Remembers::SignedIn),
    ("keep me logged on", Remembers::SignedIn),
    ("keep me signed on", Remembers::SignedIn),
    ("keep me in", Remembers::SignedIn),
    ("stay signed in", Remembers::SignedIn),
    ("stay logged in", Remembers::SignedIn),
    ("log me in automatically", Remembers::SignedIn),
    ("log me on automatically", Remembers::SignedIn),
    ("sign me in automatically", Remembers::SignedIn),
    ("automatically log me in", Remembers::SignedIn),
];

/// Names and ids (lower case, `_`, `-`, `[`, `]` and `.` removed) that mean remember-me when the
/// label does not say otherwise. Matched as a whole, or as the end of a name (`user[remember_me]`).
const NAMES: &[(&str, Remembers)] = &[
    ("rememberme", Remembers::SignedIn),
    ("remember", Remembers::SignedIn),
    ("wpremember", Remembers::SignedIn),
    ("persistent", Remembers::SignedIn),
    ("persistentlogin", Remembers::SignedIn),
    ("persist", Remembers::SignedIn),
    ("autologin", Remembers::SignedIn),
    ("kmsi", Remembers::SignedIn),
    ("staysignedin", Remembers::SignedIn),
    ("keepmesignedin", Remembers::SignedIn),
    ("keepsignedin", Remembers::SignedIn),
    ("keeploggedin", Remembers::SignedIn),
    ("keepmeloggedin", Remembers::SignedIn),
    ("rememberlogin", Remembers::SignedIn),
    ("trustdevice", Remembers::Device),
    ("trustthisdevice", Remembers::Device),
    ("rememberdevice", Remembers::Device),
    ("rememberbrowser", Remembers::Device),
    ("rememberusername", Remembers::Username),
    ("rememberemail", Remembers::Username),
    ("rememberuserid", Remembers::Username),
];

/// Label words that make a control something else when its label has no remember-me phrase
/// ("I agree to the terms", whatever its name says); a label that does say "Remember me" is one,
/// whatever else it mentions ("Remember me (this sets a cookie)").
const NOT_REMEMBER: &[&str] = &[
    "show password",
    "show my password",
    "terms",
    "conditions",
    "agree",
    "consent",
    "newsletter",
    "marketing",
    "privacy",
    "cookie",
    "not a robot",
    "offers",
    "email me",
    "updates",
];

/// Lower case, apostrophes dropped (so "don't" and "dont" match), other punctuation to spaces,
/// spaces collapsed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | '‘' => {}
            c if c.is_alphanumeric() => out.push(c),
            _ if !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn has_phrase(text: &str, phrase: &str) -> bool {
    format!(" {text} ").contains(&format!(" {phrase} "))
}

fn is_checkable(field: &Field) -> bool {
    field.kind == "checkbox" || matches!(field.role.as_str(), "checkbox" | "switch" | "menuitemcheckbox")
}

/// What a control keeps, if it is a remember-me control.
pub fn classify(field: &Field) -> Option<Remembers> {
    if !field.visible || !is_checkable(field) {
        return None;
    }
    let label = normalise(&field.label);
    if let Some((_, remembers)) = PHRASES.iter().find(|(phrase, _)| has_phrase(&label, phrase)) {
        return Some(*remembers);
    }
    if NOT_REMEMBER.iter().any(|words| has_phrase(&label, words)) {
        return None;
    }
    let squashed = |text: &str| -> String {
        text.chars().filter(|c| !"_-[]. ".contains(*c)).flat_map(char::to_lowercase).collect()
    };
    [squashed(&field.name), squashed(&field.id)]
        .iter()
        .find_map(|name| NAMES.iter().find(|(known, _)| !name.is_empty() && name.ends_with(known)))
        .map(|(_, remembers)| *remembers)
}

/// Every remember-me control on the page.
pub fn find(snapshot: &Snapshot) -> Vec<RememberMe> {
    let mut found = Vec::new();
    for (form_index, form) in snapshot.forms.iter().enumerate() {
        for (field_index, field) in form.fields.iter().enumerate() {
            if let Some(remembers) = classify(field) {
                found.push(RememberMe {
                    form: form_index,
                    field: field_index,
                    checked: field.checked.unwrap_or(false),
                    remembers,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkbox(label: &str, name: &str) -> Field {
        Field {
            tag: "input".into(),
            kind: "checkbox".into(),
            label: label.into(),
            name: name.into(),
            visible: true,
            checked: Some(false),
            ..Field::default()
        }
    }

    #[test]
    fn normalises() {
        assert_eq!(normalise("  Don’t ask again on this device! "), "dont ask again on this device");
        assert_eq!(normalise("Keep me\n signed-in"), "keep me signed in");
    }

    #[test]
    fn labels_and_names() {
        for (label, name, expected) in [
            ("Remember Me", "rememberme", Some(Remembers::SignedIn)),
            ("Keep me signed in", "", Some(Remembers::SignedIn)),
            ("", "user[remember_me]", Some(Remembers::SignedIn)),
            ("Trust this device for 30 days", "", Some(Remembers::Device)),
            ("Remember my User ID", "", Some(Remembers::Username)),
            ("Show password", "remember", None),
            ("Remember me (this sets a cookie on this computer)", "", Some(Remembers::SignedIn)),
            ("Remember my details", "", Some(Remembers::SignedIn)),
            ("Don't ask again on this computer", "", Some(Remembers::Device)),
            ("I agree to the terms", "", None),
            ("Send me the newsletter", "", None),
            ("Remember to log out when you finish", "", None),
            ("", "terms", None),
        ] {
            assert_eq!(classify(&checkbox(label, name)), expected, "{label:?} {name:?}");
        }
    }

    #[test]
    fn hidden_or_not_checkable_controls_do_not_count() {
        let hidden = Field { visible: false, ..checkbox("Remember me", "") };
        assert_eq!(classify(&hidden), None);
        let text = Field { kind: "text".into(), ..checkbox("Remember me", "") };
        assert_eq!(classify(&text), None);
        let switch =
            Field { tag: "button".into(), kind: "".into(), role: "switch".into(), ..checkbox("Stay signed in", "") };
        assert_eq!(classify(&switch), Some(Remembers::SignedIn));
    }
}

//! What each password field on a page is for: signing in, choosing a new password, confirming it,
//! or giving the current one on a change-password form. The content script meters `new` fields
//! and fingerprints `sign-in` fields on portals; see `docs/INTERNALS.md`.

use crate::snapshot::{Field, Snapshot};
use serde::{Deserialize, Serialize};

/// A password field's purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// The password to sign in with.
    SignIn,
    /// A new password being chosen.
    New,
    /// The new password typed again.
    Confirm,
    /// The current password, on a change-password form.
    Current,
}

/// A password field and its purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordField {
    /// Index of the form in the snapshot.
    pub form: usize,
    /// Index of the field in the form.
    pub field: usize,
    /// What it is for.
    pub purpose: Purpose,
}

const NEW_WORDS: &[&str] = &[
    "new password",
    "create password",
    "create a password",
    "choose password",
    "choose a password",
    "set password",
    "set a password",
    "pick a password",
    "newpassword",
    "new_password",
    "new-password",
    "password1",
    "createpassword",
];
const CONFIRM_WORDS: &[&str] = &[
    "confirm",
    "re-enter",
    "reenter",
    "re enter",
    "repeat",
    "again",
    "retype",
    "re-type",
    "verify",
    "password2",
    "confirmation",
];
const CURRENT_WORDS: &[&str] = &[
    "current password",
    "old password",
    "existing password",
    "current_password",
    "currentpassword",
    "oldpassword",
    "old_password",
];

fn says(field: &Field, words: &[&str]) -> bool {
    let text = format!("{} {} {} {}", field.label, field.name, field.id, field.placeholder).to_lowercase();
    words.iter().any(|w| text.contains(w))
}

fn explicit(field: &Field) -> Option<Purpose> {
    let autocomplete = field.autocomplete.to_lowercase();
    if says(field, CURRENT_WORDS) {
        Some(Purpose::Current)
    } else if says(field, CONFIRM_WORDS) {
        Some(Purpose::Confirm)
    } else if autocomplete.contains("new-password") || says(field, NEW_WORDS) {
        Some(Purpose::New)
    } else if autocomplete.contains("current-password") {
        Some(Purpose::SignIn)
    } else {
        None
    }
}

/// The purpose of every visible password field on the page.
///
/// ```
/// use records_guard::password_fields::{password_fields, Purpose};
/// use records_guard::snapshot::{Field, Form, Snapshot};
/// let pw = |label: &str| Field { kind: "password".into(), label: label.into(), visible: true, ..Field::default() };
/// let page = Snapshot { forms: vec![Form { fields: vec![pw("Password"), pw("Confirm password")], ..Form::default() }], ..Snapshot::default() };
/// let purposes: Vec<Purpose> = password_fields(&page).iter().map(|f| f.purpose).collect();
/// assert_eq!(purposes, [Purpose::New, Purpose::Confirm]);
/// ```
pub fn password_fields(snapshot: &Snapshot) -> Vec<PasswordField> {
    let mut out = Vec::new();
    for (form_index, form) in snapshot.forms.iter().enumerate() {
        let fields: Vec<(usize, &Field)> =
            form.fields.iter().enumerate().filter(|(_, f)| f.is_password() && f.visible).collect();
        let mut purposes: Vec<Option<Purpose>> = fields.iter().map(|(_, f)| explicit(f)).collect();
        let has_new = purposes.iter().any(|p| matches!(p, Some(Purpose::New | Purpose::Confirm)));
        // Without telling labels: one field signs in; two choose and confirm; three change.
        let defaults: &[Purpose] = match fields.len() {
            1 => &[Purpose::SignIn],
            2 => &[Purpose::New, Purpose::Confirm],
            _ => &[Purpose::Current, Purpose::New, Purpose::Confirm],
        };
        for (i, purpose) in purposes.iter_mut().enumerate() {
            if purpose.is_none() {
                let default = defaults.get(i).copied().unwrap_or(Purpose::Confirm);
                *purpose = Some(if has_new && default == Purpose::SignIn { Purpose::Current } else { default });
            }
        }
        // A sign-in field on a form that also chooses a new password is the current one.
        for purpose in purposes.iter_mut() {
            if has_new && *purpose == Some(Purpose::SignIn) {
                *purpose = Some(Purpose::Current);
            }
        }
        for ((field_index, _), purpose) in fields.iter().zip(purposes) {
            out.push(PasswordField {
                form: form_index,
                field: *field_index,
                purpose: purpose.unwrap_or(Purpose::SignIn),
            });
        }
    }
    out
}

/// `autocomplete` tokens of the person's own details.
const DETAIL_AUTOCOMPLETE: &[&str] = &[
    "name",
    "given-name",
    "family-name",
    "additional-name",
    "nickname",
    "email",
    "username",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "postal-code",
    "tel",
    "tel-national",
];
/// Label, name or id words of the person's own details (lower case).
const DETAIL_WORDS: &[&str] = &[
    "first name",
    "firstname",
    "first_name",
    "forename",
    "given name",
    "surname",
    "last name",
    "lastname",
    "last_name",
    "family name",
    "full name",
    "your name",
    "email",
    "e-mail",
    "date of birth",
    "dob",
    "birth",
    "nhs number",
    "nhsnumber",
    "nhs_number",
    "postcode",
    "post code",
    "zip",
    "phone",
    "mobile",
    "username",
    "user name",
];

/// The fields on the same forms as new passwords that hold the person's own details (names,
/// email, date of birth, NHS number, postcode, phone): the strength check treats their values as
/// easy to guess.
pub fn detail_fields(snapshot: &Snapshot, passwords: &[PasswordField]) -> Vec<crate::findings::Control> {
    let mut out = Vec::new();
    for (form_index, form) in snapshot.forms.iter().enumerate() {
        if !passwords.iter().any(|p| p.form == form_index && p.purpose == Purpose::New) {
            continue;
        }
        for (field_index, field) in form.fields.iter().enumerate() {
            if field.is_password() || !matches!(field.kind.as_str(), "" | "text" | "email" | "tel" | "date" | "number")
            {
                continue;
            }
            let autocomplete = field.autocomplete.to_lowercase();
            if autocomplete.split_whitespace().any(|t| DETAIL_AUTOCOMPLETE.contains(&t)) || says(field, DETAIL_WORDS) {
                out.push(crate::findings::Control { form: form_index, field: field_index });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Form;

    fn pw(label: &str, autocomplete: &str) -> Field {
        Field {
            kind: "password".into(),
            label: label.into(),
            autocomplete: autocomplete.into(),
            visible: true,
            ..Field::default()
        }
    }

    fn purposes(fields: Vec<Field>) -> Vec<Purpose> {
        let page = Snapshot { forms: vec![Form { fields, ..Form::default() }], ..Snapshot::default() };
        password_fields(&page).iter().map(|f| f.purpose).collect()
    }

    #[test]
    fn purposes_from_labels_and_autocomplete() {
        assert_eq!(purposes(vec![pw("Password", "")]), [Purpose::SignIn]);
        assert_eq!(purposes(vec![pw("Password", "current-password")]), [Purpose::SignIn]);
        assert_eq!(purposes(vec![pw("Create a password", "")]), [Purpose::New]);
        assert_eq!(purposes(vec![pw("", "new-password"), pw("", "new-password")]), [Purpose::New, Purpose::New]);
        assert_eq!(
            purposes(vec![pw("Current password", ""), pw("New password", ""), pw("Confirm new password", "")]),
            [Purpose::Current, Purpose::New, Purpose::Confirm]
        );
        assert_eq!(
            purposes(vec![pw("Password", "current-password"), pw("Password", "new-password")]),
            [Purpose::Current, Purpose::New]
        );
        assert_eq!(
            purposes(vec![pw("A", ""), pw("B", ""), pw("C", "")]),
            [Purpose::Current, Purpose::New, Purpose::Confirm]
        );
        let hidden = Field { visible: false, ..pw("Password", "") };
        assert!(purposes(vec![hidden]).is_empty());
    }

    #[test]
    fn own_details_on_registration_forms() {
        let text = |label: &str, kind: &str| Field {
            kind: kind.into(),
            label: label.into(),
            visible: true,
            ..Field::default()
        };
        let fields = vec![
            text("First name", "text"),
            text("Email", "email"),
            text("Favourite colour", "text"),
            pw("Create a password", ""),
        ];
        let page = Snapshot { forms: vec![Form { fields, ..Form::default() }], ..Snapshot::default() };
        let details: Vec<usize> = detail_fields(&page, &password_fields(&page)).iter().map(|c| c.field).collect();
        assert_eq!(details, [0, 1]);
        let sign_in = Snapshot {
            forms: vec![Form { fields: vec![text("Email", "email"), pw("Password", "")], ..Form::default() }],
            ..Snapshot::default()
        };
        assert!(detail_fields(&sign_in, &password_fields(&sign_in)).is_empty());
    }
}

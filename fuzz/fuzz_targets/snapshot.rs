//! Snapshot analysis on structured snapshots: any forms, fields, labels and URLs a hostile page
//! could send. The verdict must stay within the caps, and anything cut must be recorded.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use records_guard::snapshot::{Field, Form, Snapshot, MAX_FIELDS, MAX_URL_TEXT};
use records_guard::{analyse_page_with, Action, Context, Settings};

#[derive(Debug, Arbitrary)]
struct Input {
    url: String,
    title: String,
    text: String,
    truncated: bool,
    forms: Vec<(Option<String>, String, Vec<FieldInput>)>,
    frames: Vec<String>,
    shared_computer: bool,
    providers: Vec<String>,
    incognito: bool,
    password_saving: Option<bool>,
}

#[derive(Debug, Arbitrary)]
struct FieldInput {
    /// Indexes into WORDS for the attributes the checks branch on, so they are reached often.
    words: [u8; 8],
    free: String,
    visible: bool,
    checked: Option<bool>,
}

const WORDS: &[&str] = &[
    "password",
    "checkbox",
    "text",
    "email",
    "input",
    "button",
    "current-password",
    "new-password",
    "username",
    "remember me",
    "Keep me signed in",
    "Trust this device",
    "Sign in",
    "Create a password",
    "Confirm password",
    "switch",
    "radio",
    "post",
    "",
];

impl FieldInput {
    fn field(self) -> Field {
        let w = |i: usize| {
            let n = usize::from(self.words[i]);
            WORDS.get(n).map_or_else(|| self.free.clone(), |w| (*w).to_string())
        };
        Field {
            tag: w(0),
            kind: w(1),
            name: w(2),
            id: w(3),
            autocomplete: w(4),
            role: w(5),
            label: w(6),
            placeholder: w(7),
            visible: self.visible,
            checked: self.checked,
        }
    }
}

fuzz_target!(|input: Input| {
    let url = if input.url.contains(':') { input.url } else { format!("https://{}", input.url) };
    let snapshot = Snapshot {
        url,
        title: input.title,
        text: input.text,
        truncated: input.truncated,
        forms: input
            .forms
            .into_iter()
            .map(|(action, method, fields)| Form {
                action,
                method,
                fields: fields.into_iter().map(FieldInput::field).collect(),
            })
            .collect(),
        frames: input.frames,
    };
    let settings =
        Settings { shared_computer: input.shared_computer, providers: input.providers, ..Settings::default() };
    let context = Context { incognito: input.incognito, password_saving: input.password_saving, ..Context::default() };
    let capped = snapshot.clone().capped();
    if let Ok(verdict) = analyse_page_with(snapshot, &settings, &context) {
        assert_eq!(verdict.truncated, capped.truncated);
        assert!(verdict.url.chars().count() <= MAX_URL_TEXT);
        assert!(verdict.actions.len() <= MAX_FIELDS && verdict.password_fields.len() <= MAX_FIELDS);
        for action in verdict.actions {
            #[allow(unreachable_patterns)] // more kinds of action may come
            match action {
                Action::Untick { form, field } => {
                    assert!(capped.forms.get(form).and_then(|f| f.fields.get(field)).is_some());
                }
                _ => {}
            }
        }
    }
});

//! Property tests: every entry point the extension hands untrusted input to answers without a panic,
//! whatever the input, and its answer stays within the caps (ARCHITECTURE.md: "Messages from
//! content scripts that are malformed or oversized → dropped and counted, never a panic").
//!
//! The inputs mix anything at all (arbitrary Unicode, huge strings, deep values) with near misses of
//! real input (registry hosts with a letter changed, `xn--` labels, login forms), so the deeper
//! branches are reached too. 256 cases a property (fewer for zxcvbn, which is slow unoptimised);
//! `PROPTEST_CASES` raises them for a longer run. `cargo xtask fuzz` explores further.
#![cfg(not(target_arch = "wasm32"))]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::Config;
use records_guard::address::MAX_URL_LEN;
use records_guard::loose::Loose;
use records_guard::password::assess_new_password;
use records_guard::portal::KNOWN;
use records_guard::provider::{provider_host, MAX_HOST_LEN};
use records_guard::settings::MAX_PROVIDERS;
use records_guard::snapshot::{
    Field, Form, Snapshot, MAX_FIELDS, MAX_FIELDS_PER_FORM, MAX_FORMS, MAX_PAGE_TEXT, MAX_SHORT_TEXT, MAX_URL_TEXT,
};
use records_guard::{analyse_page_with, check_url, lookalike, punycode, Context, Settings, Verdict};

/// The largest message the extension passes between its parts (`RG_MESSAGES.MAX_MESSAGE_BYTES`):
/// a verdict is sent to the page in a `render` message, so it must fit.
const MAX_MESSAGE_BYTES: usize = 512 * 1024;

fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    // A failure prints its minimal input, to become a unit test; no seed files in the tree.
    Config { cases, failure_persistence: None, ..Config::default() }
}

// ---- strategies

/// Hosts of the registry, so near misses of real services are generated.
fn known_host() -> impl Strategy<Value = String> {
    let hosts: Vec<String> = KNOWN.iter().flat_map(|s| s.hosts.iter().map(|h| (*h).to_string())).collect();
    proptest::sample::select(hosts)
}

/// A host-like string: labels of letters, digits and hyphens, `xn--` labels, known hosts with a
/// character changed, inserted or used inside another domain, and arbitrary text.
fn host() -> impl Strategy<Value = String> {
    let label = "[a-z0-9-]{0,20}";
    prop_oneof![
        3 => vec(label, 1..6).prop_map(|labels| labels.join(".")),
        2 => (known_host(), any::<prop::sample::Index>(), "[a-z0-9.-]").prop_map(|(h, at, c)| {
            let mut chars: Vec<char> = h.chars().collect();
            let i = at.index(chars.len() + 1);
            if i < chars.len() { chars[i] = c.chars().next().unwrap_or('x'); } else { chars.push('x'); }
            chars.into_iter().collect()
        }),
        2 => (known_host(), "[a-z0-9-]{1,12}", "(com|co\\.uk|uk|org|net|xn--p1ai|scot|)")
            .prop_map(|(h, other, tld)| format!("{h}.{other}.{tld}")),
        2 => (vec("[a-z0-9-]{0,10}", 0..3), "xn--[a-z0-9-]{0,30}", "(com|uk|co\\.uk)")
            .prop_map(|(pre, puny, tld)| { let mut l = pre; l.push(puny); l.push(tld); l.join(".") }),
        1 => "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        1 => "\\[[0-9a-f:]{0,39}\\]",
        1 => any::<String>(),
    ]
}

/// URL-like strings: real schemes and hosts with ports, user info, paths and odd characters, long
/// ones past every cap, and arbitrary text.
fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => ("(https?|HTTP|ftp|chrome|about|file|moz-extension|javascript|data|)", "(://|:|:///|//)", "([a-z]{1,8}@)?", host(), "(:[0-9]{0,6})?", "([/?#\\\\][ -~]{0,40})?")
            .prop_map(|(s, sep, user, h, port, rest)| format!("{s}{sep}{user}{h}{port}{rest}")),
        1 => (host(), 0..20_000usize).prop_map(|(h, n)| format!("https://{h}/{}", "é".repeat(n))),
        1 => any::<String>(),
    ]
}

/// Words and attribute values that steer the checks: password types, remember-me and sign-in
/// labels, autocomplete tokens, roles.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            "password", "checkbox", "text", "email", "submit", "radio", "hidden", "input", "button", "select",
            "textarea", "current-password", "new-password", "username", "remember me", "Keep me signed in",
            "Trust this device", "Remember my username", "Sign in", "Log in to your GP online services",
            "Create a password", "Confirm password", "NHS number", "switch", "menuitemcheckbox", "post", "get", "",
        ])
        .prop_map(String::from),
        1 => ".{0,40}",
        1 => any::<String>(),
    ]
}

fn field() -> impl Strategy<Value = Field> {
    (
        vec(word(), 8),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        prop_oneof![9 => Just(0usize), 1 => 0..5_000usize],
    )
        .prop_map(|(w, visible, checked, long)| Field {
            tag: w[0].clone(),
            kind: w[1].clone(),
            name: w[2].clone(),
            id: w[3].clone(),
            autocomplete: w[4].clone(),
            role: w[5].clone(),
            label: format!("{}{}", w[6], "x".repeat(long)),
            placeholder: w[7].clone(),
            visible,
            checked,
        })
}

fn form() -> impl Strategy<Value = Form> {
    (proptest::option::of(url()), word(), vec(field(), 0..8)).prop_map(|(action, method, fields)| Form {
        action,
        method,
        fields,
    })
}

/// A snapshot such as a hostile page could send: any of its parts may be huge or nonsense.
fn snapshot() -> impl Strategy<Value = Snapshot> {
    (url(), word(), ".{0,300}", any::<bool>(), vec(form(), 0..5)).prop_map(|(url, title, text, truncated, forms)| {
        Snapshot { url, title, text, truncated, forms, ..Snapshot::default() }
    })
}

/// Settings as the core reads them from storage (so fields added later take part too).
fn settings() -> impl Strategy<Value = Settings> {
    (any::<bool>(), any::<bool>(), vec(host(), 0..4)).prop_map(|(shared_computer, reuse_reverse, providers)| {
        let value = Loose::Map(vec![
            ("sharedComputer".into(), Loose::Bool(shared_computer)),
            ("reuseReverse".into(), Loose::Bool(reuse_reverse)),
            ("providers".into(), Loose::List(providers.into_iter().map(Loose::Str).collect())),
        ]);
        Settings::read(&value).settings
    })
}

fn context() -> impl Strategy<Value = Context> {
    (any::<bool>(), proptest::option::of(any::<bool>())).prop_map(|(incognito, password_saving)| {
        serde_json::from_value(serde_json::json!({ "incognito": incognito, "passwordSaving": password_saving }))
            .expect("a context")
    })
}

/// Any JSON-like value, nested up to a few levels, with the settings' own keys among the others.
fn loose() -> impl Strategy<Value = Loose> {
    let leaf = prop_oneof![
        Just(Loose::Null),
        Just(Loose::Other),
        any::<bool>().prop_map(Loose::Bool),
        any::<f64>().prop_map(Loose::Number),
        prop_oneof![host(), url(), word()].prop_map(Loose::Str),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![Just("sharedComputer".to_string()), Just("providers".to_string()), word()];
        prop_oneof![vec(inner.clone(), 0..8).prop_map(Loose::List), vec((key, inner), 0..6).prop_map(Loose::Map),]
    })
}

// ---- what every verdict must satisfy

/// The verdict fits a message; `max_url_chars` bounds its url (`usize::MAX`: not checked).
fn assert_bounded(verdict: &Verdict, max_url_chars: usize) {
    assert!(verdict.url.chars().count() <= max_url_chars, "verdict url of {} chars", verdict.url.chars().count());
    assert!(verdict.actions.len() <= MAX_FIELDS, "{} actions", verdict.actions.len());
    assert!(verdict.password_fields.len() <= MAX_FIELDS, "{} password fields", verdict.password_fields.len());
    assert!(verdict.findings.len() <= MAX_FIELDS + MAX_FORMS + 16, "{} findings", verdict.findings.len());
    let mut bytes = serde_json::to_string(verdict).expect("a verdict serialises").len();
    if max_url_chars == usize::MAX {
        bytes -= verdict.url.len(); // the url is not capped here: the rest must still fit
    }
    assert!(bytes <= MAX_MESSAGE_BYTES, "verdict of {bytes} bytes");
}

fn assert_snapshot_capped(s: &Snapshot) {
    assert!(s.url.chars().count() <= MAX_URL_TEXT);
    assert!(s.title.chars().count() <= MAX_SHORT_TEXT);
    assert!(s.text.chars().count() <= MAX_PAGE_TEXT);
    assert!(s.forms.len() <= MAX_FORMS);
    assert!(s.fields().count() <= MAX_FIELDS);
    for form in &s.forms {
        assert!(form.fields.len() <= MAX_FIELDS_PER_FORM);
        assert!(form.action.as_ref().is_none_or(|a| a.chars().count() <= MAX_URL_TEXT));
        for f in &form.fields {
            for text in [&f.tag, &f.kind, &f.name, &f.id, &f.autocomplete, &f.role, &f.label, &f.placeholder] {
                assert!(text.chars().count() <= MAX_SHORT_TEXT);
            }
        }
    }
}

// ---- the properties

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn check_url_never_panics(url in url(), settings in settings()) {
        if let Ok(verdict) = check_url(&url, &settings) {
            assert_bounded(&verdict, usize::MAX);
        }
    }

    #[test]
    fn check_url_verdict_is_capped(url in url(), settings in settings()) {
        if let Ok(verdict) = check_url(&url, &settings) {
            assert_bounded(&verdict, MAX_URL_LEN);
        }
    }

    #[test]
    fn analyse_page_never_panics_and_is_bounded(snapshot in snapshot(), settings in settings(), context in context()) {
        if let Ok(verdict) = analyse_page_with(snapshot.clone(), &settings, &context) {
            assert_bounded(&verdict, MAX_URL_TEXT);
            // Anything the core cut is recorded.
            let capped = snapshot.clone().capped();
            assert_snapshot_capped(&capped);
            prop_assert_eq!(verdict.truncated, capped.truncated);
            prop_assert!(verdict.truncated || capped == snapshot, "cut without saying so");
            // Actions point at fields of the snapshot the content script sent.
            for action in &verdict.actions {
                let records_guard::Action::Untick { form, field } = *action;
                prop_assert!(capped.forms.get(form).and_then(|f| f.fields.get(field)).is_some());
            }
        }
    }

    #[test]
    fn analyse_page_reads_any_json(json in loose_json()) {
        // The boundary deserialises whatever the content script sent; a wrong shape is an error.
        if let Ok(snapshot) = serde_json::from_str::<Snapshot>(&json) {
            if let Ok(verdict) = analyse_page_with(snapshot, &Settings::default(), &Context::default()) {
                assert_bounded(&verdict, MAX_URL_TEXT);
            }
        }
    }

    #[test]
    fn imitation_never_panics_and_never_flags_the_real_host(host in host(), settings in settings()) {
        let _ = lookalike::imitation(&host, &settings);
        let _ = lookalike::imitation(&host.to_uppercase(), &settings);
    }

    #[test]
    fn a_real_host_is_never_its_own_lookalike(real in known_host(), sub in "([a-z0-9-]{1,12}\\.)?", settings in settings()) {
        let host = format!("{sub}{real}");
        prop_assert!(lookalike::imitation(&host, &settings).is_none(), "{host} flagged");
    }

    #[test]
    fn punycode_decode_never_panics(text in prop_oneof!["[a-z0-9-]{0,70}", any::<String>()]) {
        if let Some(decoded) = punycode::decode(&text) {
            prop_assert!(decoded.chars().count() <= text.len());
        }
        let _ = punycode::host_to_unicode(&format!("xn--{text}.example"));
    }

    #[test]
    fn punycode_round_trips(label in "\\PC{1,12}") {
        let encoded = punycode::encode(&label);
        if encoded.len() <= 63 {
            prop_assert_eq!(punycode::decode(&encoded), Some(label));
        }
    }

    #[test]
    fn provider_host_gives_a_host_or_a_reason(text in prop_oneof![host(), url(), any::<String>()]) {
        if let Ok(host) = provider_host(&text) {
            prop_assert!(!host.is_empty() && host.len() <= MAX_HOST_LEN, "{host:?}");
            prop_assert!(!host.chars().any(char::is_whitespace), "{host:?}");
            prop_assert_eq!(host.to_lowercase(), host.clone());
            // What is stored reads back as itself.
            prop_assert_eq!(provider_host(&host), Ok(host));
        }
    }

    #[test]
    fn settings_read_never_panics_and_caps_providers(value in loose()) {
        let read = records_guard::Settings::read(&value);
        prop_assert!(read.settings.providers.len() <= MAX_PROVIDERS);
        for host in &read.settings.providers {
            prop_assert_eq!(provider_host(host), Ok(host.clone()));
        }
        // Only fields that were stored are reported, each once ("settings": the whole value).
        for (i, name) in read.invalid.iter().enumerate() {
            prop_assert!(name == "settings" || value.get(name).is_some(), "{name} was not stored");
            prop_assert!(!read.invalid[..i].contains(name), "{name} reported twice");
        }
    }
}

proptest! {
    // zxcvbn takes about 0.3 s a password in an unoptimised test build: fewer, still varied, cases.
    #![proptest_config(config(24))]

    #[test]
    fn assess_new_password_never_panics(
        password in prop_oneof![".{0,40}", "[a-zA-Z0-9!]{90,140}", any::<String>()],
        details in vec(prop_oneof![word(), ".{0,30}"], 0..5),
        current in proptest::option::of(".{0,30}"),
    ) {
        let details: Vec<&str> = details.iter().map(String::as_str).collect();
        let verdict = assess_new_password(&password, &details, current.as_deref());
        prop_assert!(verdict.strength.score <= 4);
        prop_assert!(verdict.strength.guesses_log10.is_finite() && verdict.strength.guesses_log10 >= 0.0);
        prop_assert!(verdict.findings.len() <= 4);
        prop_assert!(verdict.strength.suggestions.len() <= 8);
    }
}

/// JSON text for a snapshot-shaped value: the right keys with values of any type.
fn loose_json() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        word().prop_map(|w| serde_json::Value::String(w).to_string()),
        url().prop_map(|u| serde_json::Value::String(u).to_string()),
    ];
    let field = vec(
        (
            proptest::sample::select(vec!["tag", "type", "name", "label", "visible", "checked", "autocomplete", "x"]),
            scalar.clone(),
        ),
        0..6,
    )
    .prop_map(|entries| object(&entries));
    let form = (scalar.clone(), vec(field, 0..4)).prop_map(|(action, fields)| {
        format!("{{\"action\":{action},\"method\":\"post\",\"fields\":[{}]}}", fields.join(","))
    });
    (scalar.clone(), scalar, vec(form, 0..3))
        .prop_map(|(url, title, forms)| format!("{{\"url\":{url},\"title\":{title},\"forms\":[{}]}}", forms.join(",")))
}

fn object(entries: &[(&str, String)]) -> String {
    let body: Vec<String> = entries.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

#[test]
fn huge_snapshots_are_capped() {
    // The hostile pages' 1 MB label and 100,000 checkboxes, in the shape the core receives.
    let tick = Field {
        kind: "checkbox".into(),
        label: "Remember me".into(),
        visible: true,
        checked: Some(true),
        ..Field::default()
    };
    let huge = Field { label: "é".repeat(500_000), ..tick.clone() };
    let password = Field { kind: "password".into(), visible: true, ..Field::default() };
    let mut fields = vec![huge, password];
    fields.extend(std::iter::repeat_n(tick, 1_000));
    let form = Form { action: Some(format!("http://a.example/{}", "x".repeat(100_000))), fields, ..Form::default() };
    let mut forms = vec![form];
    forms.extend(std::iter::repeat_n(Form::default(), 100));
    let snapshot = Snapshot {
        url: format!("https://records.example/{}", "y".repeat(100_000)),
        text: "z".repeat(1_000_000),
        forms,
        ..Snapshot::default()
    };
    let stored = r#"{"sharedComputer": true, "providers": ["records.example"]}"#;
    let settings = Settings::read(&serde_json::from_str(stored).expect("json")).settings;
    let verdict = analyse_page_with(snapshot, &settings, &Context::default()).expect("a valid url");
    assert!(verdict.truncated);
    assert_bounded(&verdict, MAX_URL_TEXT);
}

//! Remember-me controls and shared-computer mode, on whole pages.

use records_guard::snapshot::{Field, Form, Snapshot};
use records_guard::{analyse_page, analyse_page_with, Action, Code, Context, Settings, Status};

fn login_page(url: &str, remember_ticked: bool) -> Snapshot {
    let field = |kind: &str, label: &str| Field {
        tag: "input".into(),
        kind: kind.into(),
        label: label.into(),
        visible: true,
        checked: (kind == "checkbox").then_some(remember_ticked),
        ..Field::default()
    };
    Snapshot {
        url: url.into(),
        forms: vec![Form {
            action: Some(format!("{url}session")),
            method: "post".into(),
            fields: vec![
                field("email", "Email"),
                field("password", "Password"),
                field("checkbox", "Keep me signed in"),
            ],
        }],
        ..Snapshot::default()
    }
}

fn codes(v: &records_guard::Verdict) -> Vec<Code> {
    v.findings.iter().map(|f| f.code).collect()
}

#[test]
fn remember_me_is_reported_on_portals_only() {
    let s = Settings::default();
    let portal = analyse_page(login_page("https://access.login.nhs.uk/", false), &s).unwrap();
    assert_eq!(codes(&portal), [Code::RememberMe]);
    assert_eq!(portal.status, Status::Warning, "amber, informative");
    assert_eq!(portal.findings[0].checked, Some(false));
    assert!(portal.actions.is_empty(), "nothing changes without shared-computer mode");
    let shop = analyse_page(login_page("https://shop.example.test/", true), &s).unwrap();
    assert!(codes(&shop).is_empty());
}

#[test]
fn shared_mode_unticks_a_ticked_box_and_asks_for_a_private_window() {
    let s = Settings { shared_computer: true, ..Settings::default() };
    let normal = Context { incognito: false, password_saving: Some(true) };
    let v = analyse_page_with(login_page("https://access.login.nhs.uk/", true), &s, &normal).unwrap();
    let mut found = codes(&v);
    found.sort_by_key(|c| c.as_str());
    assert_eq!(found, [Code::NotPrivate, Code::PasswordSaving, Code::RememberMe]);
    assert_eq!(v.actions, [Action::Untick { form: 0, field: 2 }]);
    let private = Context { incognito: true, password_saving: Some(false) };
    let v = analyse_page_with(login_page("https://access.login.nhs.uk/", false), &s, &private).unwrap();
    assert_eq!(codes(&v), [Code::RememberMe]);
    assert!(v.actions.is_empty(), "an unticked box needs nothing");
}

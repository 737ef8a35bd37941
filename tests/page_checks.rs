//! Checks that need the page: password fields and where forms submit.

use records_guard::snapshot::{Field, Form, Snapshot};
use records_guard::{analyse_page, Code, Settings, Status};

fn password_form(action: Option<&str>) -> Form {
    let email = Field { tag: "input".into(), kind: "email".into(), visible: true, ..Field::default() };
    let password = Field { tag: "input".into(), kind: "password".into(), visible: true, ..Field::default() };
    Form { action: action.map(String::from), method: "post".into(), fields: vec![email, password] }
}

fn analyse(url: &str, forms: Vec<Form>) -> (Vec<Code>, Status) {
    let v = analyse_page(Snapshot { url: url.into(), forms, ..Snapshot::default() }, &Settings::default()).unwrap();
    (v.findings.iter().map(|f| f.code).collect(), v.status)
}

#[test]
fn any_password_page_over_http_is_insecure() {
    assert_eq!(
        analyse("http://shop.example.test/login", vec![password_form(None)]),
        (vec![Code::InsecureConnection], Status::Danger)
    );
    assert_eq!(analyse("https://shop.example.test/login", vec![password_form(None)]), (vec![], Status::None));
    assert_eq!(analyse("http://shop.example.test/", vec![]), (vec![], Status::None));
}

#[test]
fn password_forms_posting_to_http_are_insecure() {
    let (codes, status) =
        analyse("https://shop.example.test/login", vec![password_form(Some("http://shop.example.test/session"))]);
    assert_eq!((codes, status), (vec![Code::InsecureForm], Status::Danger));
    // Not a password form: not this check's business.
    let search = Form { action: Some("http://shop.example.test/search".into()), ..Form::default() };
    assert_eq!(analyse("https://shop.example.test/", vec![search]).0, vec![]);
    // The same insecure action twice is one finding.
    let twice = vec![password_form(Some("http://a.test/x")), password_form(Some("http://a.test/x"))];
    assert_eq!(analyse("https://shop.example.test/", twice).0, vec![Code::InsecureForm]);
}

#[test]
fn a_bad_snapshot_url_is_an_error() {
    assert!(analyse_page(Snapshot::default(), &Settings::default()).is_err());
}

#[test]
fn a_lookalike_that_reads_like_a_portal_is_still_a_lookalike() {
    let page = Snapshot {
        url: "https://nhs-login-verify.com/".into(),
        title: "NHS login".into(),
        text: "Enter your NHS number to see your GP record".into(),
        forms: vec![password_form(None)],
        ..Snapshot::default()
    };
    let v = analyse_page(page, &Settings::default()).unwrap();
    assert_eq!(v.findings.iter().map(|f| f.code).collect::<Vec<_>>(), [Code::LookalikeDomain]);
    assert_eq!((v.portal, v.status), (None, Status::Danger));
}

#[test]
fn an_unknown_records_site_is_detected_from_the_page() {
    let page = Snapshot {
        url: "http://online.oakleaf-surgery.test/login".into(),
        title: "Oakleaf Surgery online services".into(),
        text: "Order repeat prescriptions and book appointments".into(),
        forms: vec![password_form(None)],
        ..Snapshot::default()
    };
    let v = analyse_page(page, &Settings::default()).unwrap();
    let portal = v.portal.unwrap();
    assert_eq!((portal.id.as_str(), portal.kind), ("oakleaf-surgery.test", records_guard::PortalKind::Detected));
    assert_eq!(v.findings[0].code, Code::InsecureConnection);
}

#[test]
fn sign_in_frames_served_over_http_are_insecure() {
    let page = |url: &str, frames: &[&str]| Snapshot {
        url: url.into(),
        frames: frames.iter().map(|f| f.to_string()).collect(),
        ..Snapshot::default()
    };
    let codes = |s: Snapshot| {
        analyse_page(s, &Settings::default()).unwrap().findings.iter().map(|f| f.code).collect::<Vec<_>>()
    };
    assert_eq!(codes(page("https://shop.example.test/", &["http://auth.example.test/login"])), [Code::InsecureForm]);
    assert_eq!(
        codes(page("https://www.nhs.uk/", &["http://widgets.example.test/map"])),
        [Code::InsecureForm],
        "any http frame on a portal"
    );
    assert!(
        codes(page("https://shop.example.test/", &["http://ads.example.test/banner"])).is_empty(),
        "not a sign-in frame"
    );
    assert!(codes(page("https://shop.example.test/", &["https://auth.example.test/login"])).is_empty());
}

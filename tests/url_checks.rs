//! The URL-only checks, table-driven with real host names.

use records_guard::{check_url, Code, PortalKind, Settings, Status};

fn codes(url: &str, settings: &Settings) -> Vec<Code> {
    check_url(url, settings).unwrap().findings.iter().map(|f| f.code).collect()
}

#[test]
fn known_portals_over_http_are_insecure() {
    let s = Settings::default();
    for url in [
        "http://access.login.nhs.uk/",
        "http://login.nhs.uk/enter-email",
        "http://www.nhsapp.service.nhs.uk/login",
        "http://www.nhs.uk/",
        "http://systmonline.tpp-uk.com/2/Login",
        "http://www.patientaccess.com/Account/Login",
    ] {
        assert_eq!(codes(url, &s), [Code::InsecureConnection], "{url}");
        assert_eq!(check_url(url, &s).unwrap().status, Status::Danger, "{url}");
    }
}

#[test]
fn known_portals_over_https_are_safe() {
    let s = Settings::default();
    for (url, id) in [
        ("https://access.login.nhs.uk/", "nhs-login"),
        ("https://www.nhsapp.service.nhs.uk/login", "nhs-app"),
        ("https://www.nhs.uk/nhs-services/gps/", "nhs-uk"),
        ("https://systmonline.tpp-uk.com/2/Login", "systmonline"),
        ("https://www.patientaccess.com/", "patient-access"),
    ] {
        let v = check_url(url, &s).unwrap();
        assert!(v.findings.is_empty(), "{url}");
        assert_eq!(v.status, Status::Safe, "{url}");
        let portal = v.portal.unwrap();
        assert_eq!((portal.id.as_str(), portal.kind), (id, PortalKind::Known), "{url}");
    }
}

#[test]
fn ordinary_sites_without_a_password_field_have_no_finding() {
    let s = Settings::default();
    for url in [
        "http://www.example-news.test/",
        "https://www.bbc.co.uk/news",
        "http://neverssl.com/",
        "chrome://extensions/",
        "about:blank",
    ] {
        let v = check_url(url, &s).unwrap();
        assert!(v.findings.is_empty(), "{url}");
        assert_eq!((v.portal, v.status), (None, Status::None), "{url}");
    }
}

#[test]
fn own_provider_over_http_is_insecure() {
    let s = Settings { providers: vec!["mysurgery.test".into()], ..Settings::default() };
    assert_eq!(codes("http://records.mysurgery.test/", &s), [Code::InsecureConnection]);
    assert!(codes("http://records.mysurgery.test/", &Settings::default()).is_empty());
}

#[test]
fn this_computer_counts_as_secure() {
    assert!(codes("http://localhost:8080/login", &Settings::default()).is_empty());
}

#[test]
fn bad_urls_are_errors() {
    assert!(check_url("", &Settings::default()).is_err());
    assert!(check_url("access.login.nhs.uk", &Settings::default()).is_err());
}

#[test]
fn huge_addresses_are_cut_not_copied() {
    // A tab address can be megabytes long; the verdict keeps only the start.
    let long = format!("https://www.nhs.uk/{}", "a".repeat(2 * 1024 * 1024));
    let v = check_url(&long, &Settings::default()).unwrap();
    assert!(v.url.len() <= records_guard::snapshot::MAX_URL_TEXT, "{} bytes kept", v.url.len());
    assert_eq!(v.portal.unwrap().id, "nhs-uk");
    // A multi-byte character across the cut is not a reason to read it all.
    let wide = format!("https://www.nhs.uk/{}", "é".repeat(1024 * 1024));
    let v = check_url(&wide, &Settings::default()).unwrap();
    assert!(v.url.len() <= records_guard::snapshot::MAX_URL_TEXT);
}

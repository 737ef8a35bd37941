//! How often the core takes an ordinary sign-in page for a records portal, and how many records
//! sign-in pages it recognises, measured on `tests/data/login-pages.tsv`.

use records_guard::detect::detect;
use records_guard::snapshot::{Field, Form, Snapshot};

#[test]
fn false_alarms_and_recall_on_sign_in_pages() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/login-pages.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let (mut ordinary, mut false_alarms, mut portals, mut found) = (0, Vec::new(), 0, 0);
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let [expected, title, sample] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("bad line {line:?}") };
        let password = Field { kind: "password".into(), label: "Password".into(), visible: true, ..Field::default() };
        let page = Snapshot {
            url: "https://www.example.test/login".into(),
            title: title.into(),
            text: sample.into(),
            forms: vec![Form { fields: vec![password], ..Form::default() }],
            ..Snapshot::default()
        };
        let detected = detect(&page).is_some();
        match expected {
            "ordinary" => {
                ordinary += 1;
                if detected {
                    false_alarms.push(title);
                }
            }
            "portal" => {
                portals += 1;
                found += usize::from(detected);
            }
            other => panic!("unknown expectation {other}"),
        }
    }
    eprintln!("detected portals: {found}/{portals}; false alarms: {}/{ordinary}", false_alarms.len());
    assert!(ordinary >= 50, "{ordinary} ordinary pages");
    assert!(false_alarms.is_empty(), "false alarms: {false_alarms:?}");
    assert_eq!(found, portals, "every records sign-in page is recognised");
}

//! One fixture, three layers: each `tests/cases/<name>/` holds a `page.html` (served by the e2e
//! suite), the `snapshot.json` the content script extracts from it, and the `expected.json` verdict.
//! Here the native core turns each snapshot into a verdict and compares it with the expectation.

use records_guard::{analyse_page, Settings, Snapshot};
use serde_json::Value;
use std::fs;
use std::path::Path;

#[test]
fn every_case_gives_its_expected_verdict() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut count = 0;
    for entry in fs::read_dir(&dir).expect("tests/cases exists") {
        let case = entry.unwrap().path();
        if !case.join("expected.json").exists() {
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let snapshot: Snapshot =
            serde_json::from_str(&fs::read_to_string(case.join("snapshot.json")).unwrap()).unwrap();
        let expected: Value = serde_json::from_str(&fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
        let verdict = serde_json::to_value(analyse_page(snapshot, &Settings::default()).unwrap()).unwrap();
        let codes: Vec<&Value> = verdict["findings"].as_array().unwrap().iter().map(|f| &f["code"]).collect();
        let expected_codes: Vec<&Value> = expected["codes"].as_array().unwrap().iter().collect();
        assert_eq!(codes, expected_codes, "{name}: codes");
        assert_eq!(verdict["status"], expected["status"], "{name}: status");
        assert_eq!(verdict["portal"], expected["portal"], "{name}: portal");
        if let Some(expected_controls) = expected.get("rememberMe") {
            let controls: Vec<Value> = verdict["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["code"] == "remember-me")
                .map(|f| serde_json::json!({ "checked": f["checked"], "remembers": f["remembers"] }))
                .collect();
            assert_eq!(&Value::Array(controls), expected_controls, "{name}: remember-me controls");
        }
        count += 1;
    }
    assert!(count >= 4, "expected at least 4 cases, found {count}");
}

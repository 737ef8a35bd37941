//! The lookalike detector against two corpora in `tests/data/`: hundreds of real hosts that must
//! never be flagged (false alarms), and constructed imitations that must be caught, naming the
//! service they imitate.

use records_guard::lookalike::imitation;
use records_guard::{check_url, Code, Settings};

fn lines(name: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn no_false_alarm_on_real_hosts() {
    let hosts = lines("real-domains.txt");
    assert!(hosts.len() >= 600, "the corpus has {} hosts", hosts.len());
    let s = Settings::default();
    let alarms: Vec<String> = hosts
        .iter()
        .filter_map(|h| imitation(h, &s).map(|i| format!("{h} → {} ({:?})", i.service.id, i.rule)))
        .collect();
    assert!(alarms.is_empty(), "{} false alarms:\n{}", alarms.len(), alarms.join("\n"));
    // And through the public entry point, over both schemes.
    for host in hosts.iter().take(50) {
        for scheme in ["http", "https"] {
            let v = check_url(&format!("{scheme}://{host}/"), &s).unwrap();
            assert!(!v.findings.iter().any(|f| f.code == Code::LookalikeDomain), "{host}");
        }
    }
}

#[test]
fn every_constructed_imitation_is_caught() {
    let cases = lines("imitations.txt");
    assert!(cases.len() >= 80, "the corpus has {} imitations", cases.len());
    let s = Settings::default();
    let mut missed = Vec::new();
    for line in &cases {
        let fields: Vec<&str> = line.split('\t').collect();
        let [host, id, _rule] = fields[..] else { panic!("bad line {line:?}") };
        match imitation(host, &s) {
            Some(found) if found.service.id == id => {}
            Some(found) => {
                missed.push(format!("{host}: imitates {} ({:?}), expected {id}", found.service.id, found.rule))
            }
            None => missed.push(format!("{host}: not caught, expected {id}")),
        }
    }
    assert!(missed.is_empty(), "{} of {} missed:\n{}", missed.len(), cases.len(), missed.join("\n"));
}

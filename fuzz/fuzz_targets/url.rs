//! URL and lookalike analysis on any text: `check_url`, the lookalike rules, punycode and the
//! provider-host reader must never panic, whatever a tab's address or a typed provider is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use records_guard::{check_url, lookalike, provider::provider_host, punycode, Settings};

fuzz_target!(|input: (bool, Vec<String>, String)| {
    let (shared_computer, providers, text) = input;
    let providers = providers.iter().filter_map(|p| provider_host(p).ok()).collect();
    let settings = Settings { shared_computer, providers, ..Settings::default() };
    if let Ok(verdict) = check_url(&text, &settings) {
        assert!(verdict.findings.len() <= 8, "{} findings from a url", verdict.findings.len());
    }
    // The lookalike rules see hosts as browsers hand them (lower-case ASCII), but must survive any.
    let _ = lookalike::imitation(&text, &settings);
    let _ = lookalike::imitation(&text.to_ascii_lowercase(), &settings);
    let _ = punycode::decode(&text);
    let _ = punycode::host_to_unicode(&text);
    if let Ok(host) = provider_host(&text) {
        assert_eq!(provider_host(&host), Ok(host.clone()), "a stored provider reads back as itself");
    }
});

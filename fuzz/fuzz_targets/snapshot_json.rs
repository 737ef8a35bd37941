//! Whatever bytes arrive as a snapshot or as stored settings: the JSON reader, `Settings::read`
//! and `analyse_page` must answer without a panic. `cargo xtask fuzz` seeds the corpus with
//! `tests/cases/*/snapshot.json`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use records_guard::loose::Loose;
use records_guard::settings::MAX_PROVIDERS;
use records_guard::{analyse_page, Settings, Snapshot};

fuzz_target!(|bytes: &[u8]| {
    let settings = match serde_json::from_slice::<Loose>(bytes) {
        Ok(value) => {
            let read = Settings::read(&value);
            assert!(read.settings.providers.len() <= MAX_PROVIDERS);
            read.settings
        }
        Err(_) => Settings::default(),
    };
    if let Ok(snapshot) = serde_json::from_slice::<Snapshot>(bytes) {
        let _ = analyse_page(snapshot, &settings);
    }
});

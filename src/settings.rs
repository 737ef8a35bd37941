//! The person's settings (`storage.local` key `settings`), read field by field so one broken field
//! never costs the others.

use crate::loose::Loose;
use crate::provider::provider_host;
use serde::Serialize;

/// At most this many providers are read (a guard against corrupt or hostile values).
pub const MAX_PROVIDERS: usize = 100;

/// What the person (or their organisation's policy) has chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// "I'm using a shared or public computer": stricter advice and checks.
    pub shared_computer: bool,
    /// Hosts the person added as their own record provider.
    pub providers: Vec<String>,
    /// The opt-in reverse reuse check: keep fingerprints of passwords used on other sites, so a
    /// records sign-in can say how many other sites use the same password.
    pub reuse_reverse: bool,
}

/// Settings read from an untrusted stored value, with the names of the fields that were ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadSettings {
    /// The settings, defaults filled in.
    pub settings: Settings,
    /// Stored fields whose value had the wrong type and were replaced by their default.
    pub invalid: Vec<String>,
}

impl Settings {
    /// Reads settings from a loosely typed value. Missing fields take defaults; a field of the wrong
    /// type takes its default and is named in [`ReadSettings::invalid`]; unknown fields are ignored
    /// here (the extension keeps them in storage). Provider entries that are not host names are
    /// dropped, and the field is reported invalid.
    pub fn read(value: &Loose) -> ReadSettings {
        let mut read = ReadSettings::default();
        if !matches!(value, Loose::Map(_) | Loose::Null) {
            read.invalid.push("settings".into());
            return read;
        }
        match value.get("sharedComputer") {
            None | Some(Loose::Null) => {}
            Some(Loose::Bool(on)) => read.settings.shared_computer = *on,
            Some(_) => read.invalid.push("sharedComputer".into()),
        }
        match value.get("reuseReverse") {
            None | Some(Loose::Null) => {}
            Some(Loose::Bool(on)) => read.settings.reuse_reverse = *on,
            Some(_) => read.invalid.push("reuseReverse".into()),
        }
        match value.get("providers") {
            None | Some(Loose::Null) => {}
            Some(Loose::List(items)) => {
                let mut all_valid = items.len() <= MAX_PROVIDERS;
                for item in items.iter().take(MAX_PROVIDERS) {
                    match item {
                        Loose::Str(text) => match provider_host(text) {
                            Ok(host) if !read.settings.providers.contains(&host) => read.settings.providers.push(host),
                            Ok(_) => {}
                            Err(_) => all_valid = false,
                        },
                        _ => all_valid = false,
                    }
                }
                if !all_valid {
                    read.invalid.push("providers".into());
                }
            }
            Some(_) => read.invalid.push("providers".into()),
        }
        read
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> ReadSettings {
        Settings::read(&serde_json::from_str::<Loose>(json).unwrap())
    }

    #[test]
    fn defaults_when_missing() {
        assert_eq!(read("{}"), ReadSettings::default());
        assert_eq!(read("null"), ReadSettings::default());
    }

    #[test]
    fn reads_valid_fields() {
        let r =
            read(r#"{"sharedComputer": true, "providers": ["MySurgery.co.uk", "https://a.example/x"], "future": 1}"#);
        assert!(r.settings.shared_computer);
        assert_eq!(r.settings.providers, ["mysurgery.co.uk", "a.example"]);
        assert!(r.invalid.is_empty());
    }

    #[test]
    fn broken_fields_fall_back_alone() {
        let r = read(r#"{"sharedComputer": "yes", "providers": ["ok.example", 3, "not a host"]}"#);
        assert!(!r.settings.shared_computer);
        assert_eq!(r.settings.providers, ["ok.example"]);
        assert_eq!(r.invalid, ["sharedComputer", "providers"]);
        let r = read(r#"{"sharedComputer": true, "providers": "mysurgery.co.uk"}"#);
        assert!(r.settings.shared_computer);
        assert_eq!(r.invalid, ["providers"]);
        assert_eq!(read("[1,2]").invalid, ["settings"]);
    }
}

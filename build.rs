//! Compiles the data files into the core, checked at build time, so the shipped wasm carries no
//! JSON parser and no Unicode tables:
//! - `data/portals.json` → a static table of known services;
//! - `data/public_suffix_list.dat` → its rules, punycode-encoded and sorted, one per line.

#[path = "src/punycode.rs"]
#[allow(dead_code)]
mod punycode;

use std::{env, fs, path::Path};

#[derive(serde::Deserialize)]
struct Registry {
    services: Vec<Service>,
    official: Official,
}

#[derive(serde::Deserialize)]
struct Official {
    domains: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Service {
    id: String,
    name: String,
    group: String,
    hosts: Vec<String>,
    home: String,
    brands: Vec<String>,
    source: String,
}

fn main() {
    registry();
    suffixes();
}

/// The public suffix list's rules (ICANN and private sections), in the form browsers give hosts.
fn suffixes() {
    let path = "data/public_suffix_list.dat";
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(path).expect("data/public_suffix_list.dat is readable");
    let mut rules: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().next().unwrap_or_default())
        .filter(|rule| !rule.is_empty() && !rule.starts_with("//"))
        .map(|rule| {
            rule.split('.')
                .map(|label| {
                    if label.is_ascii() {
                        label.to_ascii_lowercase()
                    } else {
                        format!("xn--{}", punycode::encode(&label.to_lowercase()))
                    }
                })
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    rules.sort_unstable();
    rules.dedup();
    assert!(rules.len() > 5_000, "the public suffix list looks truncated");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("suffixes.txt");
    fs::write(dest, rules.join("\n")).expect("OUT_DIR is writable");
}

fn is_host(host: &str) -> bool {
    !host.is_empty() && host.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
}

fn registry() {
    let path = "data/portals.json";
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(path).expect("data/portals.json is readable");
    let registry: Registry = serde_json::from_str(&text).expect("data/portals.json is valid");
    let mut out =
        String::from("/// The known services, from `data/portals.json`.\npub static KNOWN: &[KnownService] = &[\n");
    for service in &registry.services {
        assert!(!service.source.trim().is_empty(), "{}: every entry needs a source note", service.id);
        assert!(!service.hosts.is_empty(), "{}: every entry needs a host", service.id);
        for host in service.hosts.iter().chain([&service.home]) {
            assert!(is_host(host), "{}: host {host:?} must be lower-case ASCII", service.id);
        }
        for brand in &service.brands {
            assert!(
                brand.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{}: brand {brand:?}",
                service.id
            );
        }
        out.push_str(&format!(
            "    KnownService {{ id: {:?}, name: {:?}, group: {:?}, hosts: &{:?}, home: {:?}, brands: &{:?} }},\n",
            service.id, service.name, service.group, service.hosts, service.home, service.brands
        ));
    }
    out.push_str("];\n");
    assert!(registry.official.domains.iter().all(|d| is_host(d)), "official domains must be lower-case ASCII");
    out.push_str(&format!(
        "/// Official domains that are not records portals, from `data/portals.json`.\npub static OFFICIAL: &[&str] = &{:?};\n",
        registry.official.domains
    ));
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("registry.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

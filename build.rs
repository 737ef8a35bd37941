//! Compiles `data/portals.json` into a static table, so the registry is checked at build time and
//! the shipped wasm carries no JSON parser.

use std::{env, fs, path::Path};

#[derive(serde::Deserialize)]
struct Registry {
    services: Vec<Service>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Service {
    id: String,
    name: String,
    hosts: Vec<String>,
    source: String,
}

fn main() {
    let path = "data/portals.json";
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(path).expect("data/portals.json is readable");
    let registry: Registry = serde_json::from_str(&text).expect("data/portals.json is valid");
    let mut out =
        String::from("/// The known services, from `data/portals.json`.\npub static KNOWN: &[KnownService] = &[\n");
    for service in &registry.services {
        assert!(!service.source.trim().is_empty(), "{}: every entry needs a source note", service.id);
        assert!(!service.hosts.is_empty(), "{}: every entry needs a host", service.id);
        for host in &service.hosts {
            assert!(
                host.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'),
                "{}: host {host:?} must be lower-case ASCII",
                service.id
            );
        }
        out.push_str(&format!(
            "    KnownService {{ id: {:?}, name: {:?}, hosts: &{:?} }},\n",
            service.id, service.name, service.hosts
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("registry.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

//! Which records service a host belongs to: the built-in registry (`data/portals.json`) and the
//! person's own providers.

use crate::address::host_within;
use crate::settings::Settings;
use serde::{Deserialize, Serialize};

/// A known records service, compiled in from `data/portals.json`.
#[derive(Debug)]
pub struct KnownService {
    /// Stable id, e.g. `"nhs-login"`.
    pub id: &'static str,
    /// The name people know it by, e.g. `"NHS login"`.
    pub name: &'static str,
    /// Services sharing one sign-in (the NHS App signs in with NHS login) share a group.
    pub group: &'static str,
    /// Hosts it serves; each matches itself and its subdomains.
    pub hosts: &'static [&'static str],
    /// Where to go instead of an imitation.
    pub home: &'static str,
    /// Distinctive words of its name as they appear in domain names (lower case, no hyphens).
    pub brands: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// How the core knows a page belongs to a records service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PortalKind {
    /// In the built-in registry.
    Known,
    /// Added by the person as their own record provider.
    Provider,
    /// Recognised from the page itself.
    Detected,
}

/// The records service a page belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portal {
    /// Stable id: the registry id, or the provider's host for [`PortalKind::Provider`].
    pub id: String,
    /// A name to show: the registry name, or the provider's host.
    pub name: String,
    /// How it was recognised.
    pub kind: PortalKind,
}

/// The records service `host` belongs to, if any. The most specific registry host wins
/// (`access.login.nhs.uk` is NHS login, not the NHS website); the person's own providers come
/// after the registry.
///
/// ```
/// use records_guard::{portal::recognise, Settings};
/// let portal = recognise("systmonline.tpp-uk.com", &Settings::default()).unwrap();
/// assert_eq!(portal.name, "SystmOnline");
/// assert!(recognise("tpp-uk.com.evil.example", &Settings::default()).is_none());
/// ```
pub fn recognise(host: &str, settings: &Settings) -> Option<Portal> {
    let known = KNOWN
        .iter()
        .flat_map(|service| service.hosts.iter().map(move |h| (service, *h)))
        .filter(|(_, h)| host_within(host, h))
        .max_by_key(|(_, h)| h.len());
    if let Some((service, _)) = known {
        return Some(Portal { id: service.id.into(), name: service.name.into(), kind: PortalKind::Known });
    }
    settings.providers.iter().filter(|p| host_within(host, p)).max_by_key(|p| p.len()).map(|p| Portal {
        id: p.clone(),
        name: p.clone(),
        kind: PortalKind::Provider,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_well_formed() {
        let mut ids: Vec<_> = KNOWN.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), KNOWN.len(), "ids are unique");
        for id in ["nhs-login", "nhs-app", "nhs-uk", "systmonline", "patient-access"] {
            assert!(ids.contains(&id), "{id}");
        }
    }

    #[test]
    fn most_specific_host_wins() {
        let s = Settings::default();
        let id = |h: &str| recognise(h, &s).map(|p| p.id);
        assert_eq!(id("access.login.nhs.uk").as_deref(), Some("nhs-login"));
        assert_eq!(id("www.nhsapp.service.nhs.uk").as_deref(), Some("nhs-app"));
        assert_eq!(id("www.nhs.uk").as_deref(), Some("nhs-uk"));
        assert_eq!(id("www.patientaccess.com").as_deref(), Some("patient-access"));
        assert_eq!(id("mypatientaccess.com"), None);
        assert_eq!(id("nhs.uk.example.com"), None);
    }

    #[test]
    fn own_providers() {
        let s = Settings { providers: vec!["mysurgery.test".into()], ..Settings::default() };
        let p = recognise("records.mysurgery.test", &s).unwrap();
        assert_eq!((p.id.as_str(), p.kind), ("mysurgery.test", PortalKind::Provider));
        assert!(recognise("records.othersurgery.test", &s).is_none());
    }
}

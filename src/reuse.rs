//! Password reuse, checked privately. The guide: the records password should be used only for
//! health or care records.
//!
//! The extension never stores a password. When the person signs in to a records service, the
//! content script keeps a *fingerprint*: PBKDF2-HMAC-SHA-256 of the password under a random
//! 128-bit salt made once per install, truncated to 37 bits, with the password's length (see the
//! README for the numbers). On any other site, the fingerprint of what is typed in a password
//! field is compared with the stored ones, before the form is sent. This module decides what a
//! match means; the hashing is WebCrypto's, in the content script, so only fingerprints cross.

use crate::findings::{Code, Finding, Severity};
use crate::portal::{Portal, PortalKind, KNOWN};
use serde::{Deserialize, Serialize};

/// Bits kept of each fingerprint: enough that a false alarm on one keystroke is about 1 in 137
/// billion per stored fingerprint of the same length, few enough that a stored fingerprint
/// cannot confirm a guess offline (about 2^37 / 10^12 ≈ 14% of a trillion-guess list collides).
pub const FINGERPRINT_BITS: u32 = 37;
/// At most this many fingerprints are kept of each kind.
pub const MAX_FINGERPRINTS: usize = 32;

/// What was typed, as a fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Typed {
    /// Number of characters (UTF-16 units, as the browser counts).
    pub length: u32,
    /// The truncated fingerprint.
    pub fingerprint: u64,
}

/// The fingerprint of a records password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalPrint {
    /// The service group it signs in to (services sharing one sign-in share a group).
    pub group: String,
    /// The service's name, to show.
    pub name: String,
    /// Number of characters.
    pub length: u32,
    /// The truncated fingerprint.
    pub fingerprint: u64,
}

/// The fingerprint of a password used on another site (only with the reverse check switched on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePrint {
    /// The site's registrable domain.
    pub site: String,
    /// Number of characters.
    pub length: u32,
    /// The truncated fingerprint.
    pub fingerprint: u64,
}

/// The stored fingerprints (`storage.local` key `fingerprints`, without the salt).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prints {
    /// Records passwords.
    pub portals: Vec<PortalPrint>,
    /// Other sites' passwords (reverse check).
    pub sites: Vec<SitePrint>,
}

/// The sign-in group of a portal: the registry's group for known services, else its id.
pub fn group_of(portal: &Portal) -> String {
    match portal.kind {
        PortalKind::Known => {
            KNOWN.iter().find(|s| s.id == portal.id).map_or(portal.id.clone(), |s| s.group.to_string())
        }
        PortalKind::Provider | PortalKind::Detected => portal.id.clone(),
    }
}

/// `password-reuse` when what is typed on a page matches a records password of another service.
/// Typing it on the same service (or one sharing its sign-in) is not reuse.
///
/// ```
/// use records_guard::reuse::{reuse_finding, PortalPrint, Prints, Typed};
/// let prints = Prints { portals: vec![PortalPrint { group: "nhs".into(), name: "NHS login".into(), length: 19, fingerprint: 42 }], ..Prints::default() };
/// let typed = Typed { length: 19, fingerprint: 42 };
/// assert!(reuse_finding(None, typed, &prints).is_some()); // on a shop
/// assert!(reuse_finding(Some("nhs"), typed, &prints).is_none()); // on the NHS App
/// ```
pub fn reuse_finding(page_group: Option<&str>, typed: Typed, prints: &Prints) -> Option<Finding> {
    let print = prints.portals.iter().find(|p| {
        p.length == typed.length && p.fingerprint == typed.fingerprint && Some(p.group.as_str()) != page_group
    })?;
    Some(Finding { service: Some(print.name.clone()), ..Finding::new(Code::PasswordReuse, Severity::Danger) })
}

/// On a records sign-in (reverse check): how many other sites use the same password, as a
/// `password-reuse` finding with `otherSites`, or `None` when there are none.
pub fn other_sites_finding(typed: Typed, this_site: &str, prints: &Prints) -> Option<Finding> {
    let mut sites: Vec<&str> = prints
        .sites
        .iter()
        .filter(|p| p.length == typed.length && p.fingerprint == typed.fingerprint && p.site != this_site)
        .map(|p| p.site.as_str())
        .collect();
    sites.sort_unstable();
    sites.dedup();
    (!sites.is_empty())
        .then(|| Finding { other_sites: Some(sites.len()), ..Finding::new(Code::PasswordReuse, Severity::Warning) })
}

/// Adds or refreshes a records password's fingerprint: one per group, newest first, capped.
pub fn remember_portal(prints: &mut Prints, print: PortalPrint) {
    prints.portals.retain(|p| p.group != print.group);
    prints.portals.insert(0, print);
    prints.portals.truncate(MAX_FINGERPRINTS);
}

/// Adds or refreshes another site's fingerprint: one per site, newest first, capped.
pub fn remember_site(prints: &mut Prints, print: SitePrint) {
    prints.sites.retain(|p| p.site != print.site);
    prints.sites.insert(0, print);
    prints.sites.truncate(MAX_FINGERPRINTS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prints() -> Prints {
        let mut p = Prints::default();
        remember_portal(
            &mut p,
            PortalPrint { group: "nhs".into(), name: "NHS login".into(), length: 19, fingerprint: 7 },
        );
        remember_portal(
            &mut p,
            PortalPrint { group: "tpp".into(), name: "SystmOnline".into(), length: 12, fingerprint: 9 },
        );
        p
    }

    #[test]
    fn same_password_elsewhere_is_reuse() {
        let f = reuse_finding(None, Typed { length: 19, fingerprint: 7 }, &prints()).unwrap();
        assert_eq!(
            (f.code, f.severity, f.service.as_deref()),
            (Code::PasswordReuse, Severity::Danger, Some("NHS login"))
        );
        // Not within the same sign-in group (the NHS App signs in with NHS login).
        assert!(reuse_finding(Some("nhs"), Typed { length: 19, fingerprint: 7 }, &prints()).is_none());
    }

    #[test]
    fn near_misses_are_not() {
        assert!(reuse_finding(None, Typed { length: 19, fingerprint: 8 }, &prints()).is_none());
        assert!(reuse_finding(None, Typed { length: 18, fingerprint: 7 }, &prints()).is_none());
    }

    #[test]
    fn one_print_per_group_newest_first() {
        let mut p = prints();
        remember_portal(
            &mut p,
            PortalPrint { group: "nhs".into(), name: "NHS App".into(), length: 20, fingerprint: 1 },
        );
        assert_eq!(p.portals.len(), 2);
        assert_eq!(p.portals[0].name, "NHS App");
        for i in 0..100 {
            remember_site(&mut p, SitePrint { site: format!("s{i}.example"), length: 8, fingerprint: 3 });
        }
        assert_eq!(p.sites.len(), MAX_FINGERPRINTS);
    }

    #[test]
    fn reverse_check_counts_other_sites() {
        let mut p = prints();
        for site in ["shop.example", "forum.example", "shop.example"] {
            remember_site(&mut p, SitePrint { site: site.into(), length: 19, fingerprint: 7 });
        }
        let f = other_sites_finding(Typed { length: 19, fingerprint: 7 }, "login.nhs.uk", &p).unwrap();
        assert_eq!(f.other_sites, Some(2));
        assert!(other_sites_finding(Typed { length: 19, fingerprint: 6 }, "login.nhs.uk", &p).is_none());
    }
}

//! Is this host imitating a records service? The guide's first question before typing a password:
//! "is this really my record provider's site?".
//!
//! Rules, strongest first (each names the service imitated):
//! 1. **embedded**: a real service host used as part of another domain
//!    (`access.login.nhs.uk.verify-me.com`);
//! 2. **confusable**: looks the same once look-alike letters are mapped (`pаtientaccess.com` with a
//!    Cyrillic `а`, `rnygp.com`), see [`skeleton`](crate::confusable::skeleton);
//! 3. **separator**: the same letters with dots and hyphens moved (`login-nhs.uk`, `tppuk.com`);
//! 4. **tld-swap**: the service's name under another suffix (`patientaccess.co.uk`);
//! 5. **typo**: one or two letters off the service's name (`patientacess.com`);
//! 6. **brand**: the service's name inside a new domain name (`nhs-login.com`, `mygp-app.net`).
//!
//! Never a lookalike: the services' own hosts and their subdomains, the person's own providers,
//! official NHS and government domains, IP addresses and hosts that are public suffixes.

use crate::address::host_within;
use crate::confusable::skeleton;
use crate::portal::{recognise, KnownService, KNOWN, OFFICIAL};
use crate::punycode::host_to_unicode;
use crate::settings::Settings;
use crate::suffix::{public_suffix, registrable_domain};
use serde::{Deserialize, Serialize};

/// Which rule found the imitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A real host used as part of another domain.
    Embedded,
    /// Look-alike letters.
    Confusable,
    /// Dots and hyphens moved.
    Separator,
    /// The name under another suffix.
    TldSwap,
    /// A letter or two off the name.
    Typo,
    /// The name inside a new domain name.
    Brand,
}

/// An imitation: the service imitated and how.
#[derive(Debug, Clone, Copy)]
pub struct Imitation {
    /// The real service.
    pub service: &'static KnownService,
    /// How the host imitates it.
    pub rule: Rule,
}

/// Brands shorter than this count only as a whole word, or joined to a lure word (`nhs-login`,
/// `nhsverify`, `mynhs`): short names start many real names (`nhsggc.scot`, `nhsconfed.org`).
const SHORT_BRAND: usize = 6;
/// Brands at least this long are checked for one-letter typos (two from [`LONG_NAME`]).
const TYPO_BRAND: usize = 5;
/// Names at least this long (letters only) are distinctive enough to allow two typos, or to be
/// matched at the end of a longer run of letters (`accesslogin-nhs.uk`).
const LONG_NAME: usize = 10;

/// Words phishing sites join to a brand: `nhs-login`, `secure-nhs`, `nhsrefund`.
const LURE_WORDS: &[&str] = &[
    "access",
    "account",
    "accounts",
    "app",
    "auth",
    "check",
    "covid",
    "gp",
    "help",
    "id",
    "login",
    "logon",
    "my",
    "online",
    "pass",
    "pay",
    "portal",
    "record",
    "records",
    "refund",
    "secure",
    "security",
    "service",
    "services",
    "sign",
    "signin",
    "support",
    "update",
    "verify",
    "verification",
];

fn is_ip(host: &str) -> bool {
    host.starts_with('[') || host.split('.').all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()))
}

/// Removes dots and hyphens.
fn squash(text: &str) -> String {
    text.chars().filter(|c| *c != '.' && *c != '-').collect()
}

/// Optimal-string-alignment distance (edits, including swapping two neighbours), giving up above
/// `max`.
fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    let d = rows[a.len()][b.len()];
    (d <= max).then_some(d)
}

/// Typos allowed for a name of this many characters.
fn typos_allowed(len: usize) -> usize {
    match len {
        n if n >= LONG_NAME => 2,
        n if n >= TYPO_BRAND => 1,
        _ => 0,
    }
}

/// Whether `host` has the letters of `real` with dots and hyphens moved: some tail of it that
/// starts at a label or hyphen boundary does, or (for long names) its letters end with them.
fn same_letters_moved_separators(host: &str, real: &str) -> bool {
    let target = squash(real);
    let at_boundary = std::iter::once(0)
        .chain(host.match_indices(['.', '-']).map(|(i, _)| i + 1))
        .any(|start| host[start..] != *real && squash(&host[start..]) == target);
    at_boundary || (target.len() >= LONG_NAME && squash(host).ends_with(&target) && !host.ends_with(real))
}

/// The last `n` labels of a host.
fn last_labels(host: &str, n: usize) -> &str {
    let start = host.match_indices('.').map(|(i, _)| i + 1).rev().nth(n.saturating_sub(1)).unwrap_or(0);
    if host.split('.').count() <= n {
        host
    } else {
        &host[start..]
    }
}

/// A host without its top-level label: `login.nhs` for `login.nhs.uk`.
fn stem(host: &str) -> &str {
    host.rsplit_once('.').map_or(host, |(stem, _)| stem)
}

/// Whether `label` (one domain label, possibly hyphenated) contains `brand` as a word.
fn contains_brand(label: &str, brand: &str) -> bool {
    if brand.len() >= SHORT_BRAND {
        return squash(label).contains(brand);
    }
    label.split('-').any(|word| {
        word == brand
            || word.strip_prefix(brand).is_some_and(|rest| LURE_WORDS.contains(&rest))
            || word.strip_suffix(brand).is_some_and(|rest| LURE_WORDS.contains(&rest))
    })
}

/// The host to check, in the forms the rules need.
struct Candidate {
    /// Skeleton of the whole host.
    look: String,
    /// Skeleton of the host without its public suffix.
    stem: String,
    /// Skeleton of the registrable label, dots and hyphens removed.
    name: String,
    /// Skeleton of the registrable label, hyphens kept.
    label: String,
    /// Skeleton of the labels before the registrable domain.
    subdomain: String,
}

/// Of the real hosts (or brands) that `matches`, the service of the longest one: the most
/// specific imitation wins (`access.login.nhs.com` imitates NHS login, not the NHS website). On a
/// tie, the first in the registry wins.
fn longest(
    items: impl Iterator<Item = (&'static KnownService, String)>,
    matches: impl Fn(&str) -> bool,
) -> Option<&'static KnownService> {
    items
        .filter(|(_, real)| matches(real))
        .fold(None, |best: Option<(&'static KnownService, String)>, (service, real)| match best {
            Some((_, ref b)) if b.len() >= real.len() => best,
            _ => Some((service, real)),
        })
        .map(|(service, _)| service)
}

/// The service `host` (lower-case ASCII, as browsers give it) imitates, if any.
///
/// ```
/// use records_guard::{lookalike::{imitation, Rule}, Settings};
/// let s = Settings::default();
/// let found = imitation("access.login.nhs.uk.verify-me.com", &s).unwrap();
/// assert_eq!((found.service.id, found.rule), ("nhs-login", Rule::Embedded));
/// assert!(imitation("access.login.nhs.uk", &s).is_none());
/// assert!(imitation("www.bbc.co.uk", &s).is_none());
/// ```
pub fn imitation(host: &str, settings: &Settings) -> Option<Imitation> {
    if host.is_empty() || is_ip(host) || recognise(host, settings).is_some() {
        return None;
    }
    if OFFICIAL.iter().any(|domain| host_within(host, domain)) {
        return None;
    }
    let registrable = registrable_domain(host)?;
    let suffix = public_suffix(host);
    let look_of = |text: &str| skeleton(&host_to_unicode(text));
    let label = look_of(&registrable[..registrable.len() - suffix.len() - 1]);
    let c = Candidate {
        look: look_of(host),
        stem: look_of(&host[..host.len() - suffix.len() - 1]),
        name: squash(&label),
        subdomain: look_of(host[..host.len() - registrable.len()].trim_end_matches('.')),
        label,
    };
    let hosts = || KNOWN.iter().flat_map(|s| s.hosts.iter().map(move |h| (s, skeleton(h))));
    let stems = || KNOWN.iter().flat_map(|s| s.hosts.iter().map(move |h| (s, skeleton(stem(h)))));
    let brands = || KNOWN.iter().flat_map(|s| s.brands.iter().map(move |b| (s, skeleton(b))));
    let dotted = format!(".{}.", c.look);
    let labels_in = |real: &str| real.split('.').count();

    let rules: [(Rule, &dyn Fn() -> Option<&'static KnownService>); 8] = [
        (Rule::Embedded, &|| longest(hosts(), |h| dotted.contains(&format!(".{h}.")) && !c.look.ends_with(h))),
        (Rule::Confusable, &|| longest(hosts(), |h| c.look == h || c.look.ends_with(&format!(".{h}")))),
        (Rule::Separator, &|| longest(hosts(), |h| same_letters_moved_separators(&c.look, h))),
        (Rule::TldSwap, &|| longest(stems(), |h| c.stem == h || c.stem.ends_with(&format!(".{h}")))),
        (Rule::Typo, &|| {
            longest(hosts(), |h| {
                let tail = last_labels(&c.look, labels_in(h));
                tail != h && distance_within(tail, h, typos_allowed(squash(h).len()).min(2)).is_some_and(|d| d > 0)
            })
        }),
        (Rule::TldSwap, &|| longest(brands(), |b| c.name == b)),
        (Rule::Typo, &|| {
            longest(brands(), |b| distance_within(&c.name, b, typos_allowed(b.len())).is_some_and(|d| d > 0))
        }),
        (Rule::Brand, &|| {
            longest(brands(), |b| {
                contains_brand(&c.label, b) || (b.len() >= SHORT_BRAND && squash(&c.subdomain).contains(b))
            })
        }),
    ];
    rules.iter().find_map(|(rule, find)| find().map(|service| Imitation { service, rule: *rule }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance_within("patientacess", "patientaccess", 1), Some(1));
        assert_eq!(distance_within("pateintaccess", "patientaccess", 1), Some(1));
        assert_eq!(distance_within("abc", "abcdef", 2), None);
        assert_eq!(distance_within("", "", 0), Some(0));
    }

    #[test]
    fn tails() {
        assert_eq!(last_labels("access.login.nsh.uk", 3), "login.nsh.uk");
        assert_eq!(last_labels("access.login.nsh.uk", 2), "nsh.uk");
        assert_eq!(last_labels("nsh.uk", 3), "nsh.uk");
    }

    #[test]
    fn separators() {
        assert!(same_letters_moved_separators("login-nhs.uk", "login.nhs.uk"));
        assert!(same_letters_moved_separators("access-login-nhs.uk", "login.nhs.uk"));
        assert!(same_letters_moved_separators("accesslogin-nhs.uk", "login.nhs.uk"));
        assert!(
            !same_letters_moved_separators("www.onlinelife.co.uk", "e-life.co.uk"),
            "short names match at boundaries only"
        );
    }

    #[test]
    fn one_rule_each() {
        let s = Settings::default();
        for (host, id, rule) in [
            ("www.patientaccess.com.account-check.net", "patient-access", Rule::Embedded),
            ("xn--ptientaccess-x9j.com", "patient-access", Rule::Confusable),
            ("rnygp.com", "mygp", Rule::Confusable),
            ("login-nhs.uk", "nhs-login", Rule::Separator),
            ("tppuk.com", "systmonline", Rule::Separator),
            ("patientaccess.net", "patient-access", Rule::TldSwap),
            ("patientacess.com", "patient-access", Rule::Typo),
            ("nhs-login.com", "nhs-login", Rule::TldSwap),
            ("secure-nhslogin-verify.com", "nhs-login", Rule::Brand),
            ("nhs-records.net", "nhs-uk", Rule::Brand),
            ("systmonline.secure-check.com", "systmonline", Rule::Brand),
        ] {
            let found = imitation(host, &s).unwrap_or_else(|| panic!("{host} not found"));
            assert_eq!((found.service.id, found.rule), (id, rule), "{host}");
        }
    }

    #[test]
    fn never_the_real_thing() {
        let s = Settings { providers: vec!["nhs-login.example".into()], ..Settings::default() };
        for host in [
            "access.login.nhs.uk",
            "www.nhs.uk",
            "systmonline.tpp-uk.com",
            "nhs.net",
            "mail.nhs.net",
            "www.gov.uk",
            "nhs-login.example",
            "127.0.0.1",
            "[::1]",
            "co.uk",
            "",
        ] {
            assert!(imitation(host, &s).is_none(), "{host}");
        }
    }
}

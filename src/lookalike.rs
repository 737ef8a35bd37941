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
use serde::Serialize;

/// Which rule found the imitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// Brands shorter than this only count as a whole word or the start of one (`nhs-login`,
/// `nhslogin`), and are not checked for typos: short names sit inside many ordinary words.
const SHORT_BRAND: usize = 6;

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

/// Whether some tail of `host` that starts at a label or hyphen boundary has the same letters as
/// `real` once dots and hyphens are removed.
fn same_letters_moved_separators(host: &str, real: &str) -> bool {
    let target = squash(real);
    std::iter::once(0)
        .chain(host.match_indices(['.', '-']).map(|(i, _)| i + 1))
        .any(|start| host[start..] != *real && squash(&host[start..]) == target)
}

/// Whether `label` (one domain label, possibly hyphenated) contains `brand` as a word.
fn contains_brand(label: &str, brand: &str) -> bool {
    if brand.len() >= SHORT_BRAND {
        return squash(label).contains(brand);
    }
    label.split('-').any(|word| word.starts_with(brand))
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
    let label = &registrable[..registrable.len() - suffix.len() - 1];
    let subdomain = host[..host.len() - registrable.len()].trim_end_matches('.');
    let look = skeleton(&host_to_unicode(host));
    let label_look = skeleton(&host_to_unicode(label));
    let subdomain_look = skeleton(&host_to_unicode(subdomain));
    let found = |service, rule| Some(Imitation { service, rule });

    let hosts = || KNOWN.iter().flat_map(|s| s.hosts.iter().map(move |h| (s, *h)));
    let brands = || KNOWN.iter().flat_map(|s| s.brands.iter().map(move |b| (s, *b)));

    let dotted = format!(".{host}.");
    if let Some((service, _)) = hosts().find(|(_, h)| dotted.contains(&format!(".{h}."))) {
        return found(service, Rule::Embedded);
    }
    if let Some((service, _)) =
        hosts().find(|(_, h)| look == skeleton(h) || look.ends_with(&format!(".{}", skeleton(h))))
    {
        return found(service, Rule::Confusable);
    }
    if let Some((service, _)) = hosts().find(|(_, h)| same_letters_moved_separators(&look, &skeleton(h))) {
        return found(service, Rule::Separator);
    }
    let name = squash(&label_look);
    if let Some((service, _)) = brands().find(|(_, b)| name == skeleton(b)) {
        return found(service, Rule::TldSwap);
    }
    let typo = |brand: &str| match brand.len() {
        n if n >= 10 => distance_within(&name, brand, 2).is_some(),
        n if n >= SHORT_BRAND => distance_within(&name, brand, 1).is_some(),
        _ => false,
    };
    if let Some((service, _)) = brands().find(|(_, b)| typo(&skeleton(b))) {
        return found(service, Rule::Typo);
    }
    let in_subdomain = |b: &str| b.len() >= SHORT_BRAND && squash(&subdomain_look).contains(b);
    if let Some((service, _)) =
        brands().find(|(_, b)| contains_brand(&label_look, &skeleton(b)) || in_subdomain(&skeleton(b)))
    {
        return found(service, Rule::Brand);
    }
    None
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
    fn separators() {
        assert!(same_letters_moved_separators("login-nhs.uk", "login.nhs.uk"));
        assert!(same_letters_moved_separators("access-login-nhs.uk", "login.nhs.uk"));
        assert!(!same_letters_moved_separators("johnlogin-nhs.uk", "login.nhs.uk"));
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

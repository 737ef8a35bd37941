//! Registrable domains, from the public suffix list (`data/public_suffix_list.dat`, compiled in by
//! `build.rs`). `a.b.example.co.uk` is registered as `example.co.uk`, not `co.uk`: a naive "last
//! two labels" split would get UK hosts wrong.

use std::sync::OnceLock;

static RULES_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/suffixes.txt"));

fn rules() -> &'static [&'static str] {
    static RULES: OnceLock<Vec<&'static str>> = OnceLock::new();
    RULES.get_or_init(|| RULES_TEXT.split('\n').collect())
}

fn has_rule(rule: &str) -> bool {
    rules().binary_search(&rule).is_ok()
}

/// The public suffix of an ASCII host (`co.uk` for `www.example.co.uk`); an unlisted TLD counts as
/// a suffix (the list's default rule `*`).
pub fn public_suffix(host: &str) -> &str {
    let labels: Vec<usize> = std::iter::once(0).chain(host.match_indices('.').map(|(i, _)| i + 1)).collect();
    for (n, &start) in labels.iter().enumerate() {
        let candidate = &host[start..];
        if has_rule(&format!("!{candidate}")) {
            // An exception: the suffix is one label shorter.
            return labels.get(n + 1).map_or(candidate, |&next| &host[next..]);
        }
        if has_rule(candidate) {
            return candidate;
        }
        if let Some(&next) = labels.get(n + 1) {
            if has_rule(&format!("*.{}", &host[next..])) {
                return candidate;
            }
        }
    }
    labels.last().map_or(host, |&last| &host[last..])
}

/// The registrable domain of an ASCII host: its public suffix and one label more.
/// `None` when the host is itself a public suffix.
///
/// ```
/// use records_guard::suffix::registrable_domain;
/// assert_eq!(registrable_domain("www.example.co.uk"), Some("example.co.uk"));
/// assert_eq!(registrable_domain("access.login.nhs.uk"), Some("login.nhs.uk")); // nhs.uk is a suffix
/// assert_eq!(registrable_domain("co.uk"), None);
/// ```
pub fn registrable_domain(host: &str) -> Option<&str> {
    let suffix = public_suffix(host);
    if suffix.len() >= host.len() {
        return None;
    }
    let rest = &host[..host.len() - suffix.len() - 1];
    let start = rest.rfind('.').map_or(0, |i| i + 1);
    Some(&host[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        for (host, domain) in [
            ("www.example.com", Some("example.com")),
            ("example.com", Some("example.com")),
            ("com", None),
            ("a.b.example.co.uk", Some("example.co.uk")),
            ("www.nhs.uk", Some("www.nhs.uk")),
            ("systmonline.tpp-uk.com", Some("tpp-uk.com")),
            ("nhs-login.github.io", Some("nhs-login.github.io")),
            ("foo.bar.unknowntld", Some("bar.unknowntld")),
            ("www.ck", Some("www.ck")),                       // exception rule !www.ck
            ("a.b.ck", Some("a.b.ck")),                       // wildcard *.ck
            ("www.xn--55qx5d.cn", Some("www.xn--55qx5d.cn")), // 公司.cn
            ("localhost", None),
        ] {
            assert_eq!(registrable_domain(host), domain, "{host}");
        }
    }
}

//! The person's own record providers ("My record provider is: ______", the guide's last page):
//! turning what someone types into a host name, or saying clearly why it is not one.

use crate::address::{Address, Scheme};
use std::fmt;

/// The longest host name DNS allows.
pub const MAX_HOST_LEN: usize = 253;

/// Why a typed provider is not a host name. Each has its own message in `_locales`
/// (`provider_error_<code>`), so the person is told what to type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProviderError {
    /// Nothing was typed.
    Empty,
    /// It has spaces inside.
    Spaces,
    /// It has a path (`/…`) but no `https://` in front, or other characters a host cannot have.
    NotAHost,
    /// It is an IP address rather than a name.
    IpAddress,
    /// It is a single word (`localhost`, `surgery`), not a site's name.
    NoDot,
}

impl ProviderError {
    /// A short code for the locale key, e.g. `"ip-address"`.
    pub const fn code(self) -> &'static str {
        match self {
            ProviderError::Empty => "empty",
            ProviderError::Spaces => "spaces",
            ProviderError::NotAHost => "not-a-host",
            ProviderError::IpAddress => "ip-address",
            ProviderError::NoDot => "no-dot",
        }
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Turns what a person typed into the host of their record provider: a host name as is, or the
/// host of a full `http(s)://` address.
///
/// ```
/// use records_guard::provider::{provider_host, ProviderError};
/// assert_eq!(provider_host(" https://Online.MySurgery.co.uk/login ").unwrap(), "online.mysurgery.co.uk");
/// assert_eq!(provider_host("mysurgery.co.uk").unwrap(), "mysurgery.co.uk");
/// assert_eq!(provider_host("mysurgery.co.uk/login"), Err(ProviderError::NotAHost));
/// assert_eq!(provider_host("10.0.0.1"), Err(ProviderError::IpAddress));
/// ```
pub fn provider_host(input: &str) -> Result<String, ProviderError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(ProviderError::Empty);
    }
    if input.chars().any(char::is_whitespace) {
        return Err(ProviderError::Spaces);
    }
    let host = match Address::parse(input) {
        Ok(Address { scheme: Scheme::Http | Scheme::Https, host }) if input.contains("://") => host,
        _ => input.trim_end_matches('.').to_ascii_lowercase(),
    };
    if host.starts_with('[') || (host.split('.').count() == 4 && host.split('.').all(|p| p.parse::<u8>().is_ok())) {
        return Err(ProviderError::IpAddress);
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.len() > MAX_HOST_LEN || !host.split('.').all(label_ok) {
        return Err(ProviderError::NotAHost);
    }
    if !host.contains('.') {
        return Err(ProviderError::NoDot);
    }
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_hosts_and_urls() {
        for (input, host) in [
            ("mysurgery.co.uk", "mysurgery.co.uk"),
            ("MySurgery.co.uk.", "mysurgery.co.uk"),
            ("http://records.mysurgery.test:8080/x?y", "records.mysurgery.test"),
            ("https://www.xn--80ak6aa92e.com/", "www.xn--80ak6aa92e.com"),
        ] {
            assert_eq!(provider_host(input).as_deref(), Ok(host), "{input}");
        }
    }

    #[test]
    fn explains_what_is_wrong() {
        for (input, error) in [
            ("", ProviderError::Empty),
            ("   ", ProviderError::Empty),
            ("my surgery", ProviderError::Spaces),
            ("/login", ProviderError::NotAHost),
            ("mysurgery.co.uk/login", ProviderError::NotAHost),
            ("ftp://mysurgery.co.uk", ProviderError::NotAHost),
            ("my_surgery.co.uk", ProviderError::NotAHost),
            ("192.168.1.1", ProviderError::IpAddress),
            ("https://[::1]/", ProviderError::IpAddress),
            ("surgery", ProviderError::NoDot),
        ] {
            assert_eq!(provider_host(input), Err(error), "{input:?}");
        }
    }
}

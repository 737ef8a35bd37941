//! Reading the parts of a URL the core needs: its scheme and host.
//!
//! The browser has already parsed and normalised every URL it hands us (`tab.url`,
//! `location.href`, `form.action`): hosts are lower-case ASCII, internationalised names are in
//! punycode. So a small reader is enough here, and it keeps the `url`/`idna` crates (and their
//! Unicode tables) out of the shipped wasm.

use crate::Error;

/// The longest URL the core reads; browsers cap theirs at about 2 MB, we need only the start.
pub const MAX_URL_LEN: usize = 8 * 1024;

/// The scheme of an address, as far as the core cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// `https:`
    Https,
    /// `http:`
    Http,
    /// Anything else (`chrome:`, `file:`, `about:`, `moz-extension:` …): not a web page we check.
    Other,
}

/// The scheme and host of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The scheme.
    pub scheme: Scheme,
    /// The host, lower-case, without port, user info or a trailing dot; IPv6 keeps its brackets.
    pub host: String,
}

impl Address {
    /// Reads an absolute URL.
    ///
    /// ```
    /// use records_guard::address::{Address, Scheme};
    /// let a = Address::parse("HTTPS://user@Access.Login.NHS.uk.:443/path?q").unwrap();
    /// assert_eq!(a.scheme, Scheme::Https);
    /// assert_eq!(a.host, "access.login.nhs.uk");
    /// ```
    pub fn parse(url: &str) -> Result<Address, Error> {
        let url = first_bytes(url.trim(), MAX_URL_LEN);
        let (scheme, rest) = url.split_once(':').ok_or(Error::InvalidUrl)?;
        if scheme.is_empty()
            || !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return Err(Error::InvalidUrl);
        }
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => Scheme::Https,
            "http" => Scheme::Http,
            _ => Scheme::Other,
        };
        let Some(rest) = rest.strip_prefix("//") else {
            return match scheme {
                Scheme::Other => Ok(Address { scheme, host: String::new() }),
                _ => Err(Error::InvalidUrl),
            };
        };
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = if host_port.starts_with('[') {
            host_port.split_inclusive(']').next().unwrap_or_default()
        } else {
            host_port.split(':').next().unwrap_or_default()
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() && scheme != Scheme::Other {
            return Err(Error::InvalidUrl);
        }
        Ok(Address { scheme, host })
    }

    /// Whether the host is this computer itself (`localhost`, `127.0.0.0/8`, `[::1]`). Browsers
    /// treat such pages as secure, and so do we.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.as_str();
        host == "localhost"
            || host.ends_with(".localhost")
            || host == "[::1]"
            || (host.starts_with("127.")
                && host.split('.').count() == 4
                && host.split('.').all(|p| p.parse::<u8>().is_ok()))
    }
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary.
pub fn first_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether `host` is `domain` or a subdomain of it (`a.b.example` is within `b.example`, but
/// `notexample` is not within `example`).
pub fn host_within(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hosts() {
        for (url, scheme, host) in [
            ("http://records.mysurgery.test/", Scheme::Http, "records.mysurgery.test"),
            ("https://a.b:8443", Scheme::Https, "a.b"),
            ("https://[::1]:9/x", Scheme::Https, "[::1]"),
            ("https://x@y@evil.example/", Scheme::Https, "evil.example"),
            ("https://evil.example\\@login.nhs.uk/", Scheme::Https, "evil.example"),
            ("chrome://extensions/", Scheme::Other, "extensions"),
            ("about:blank", Scheme::Other, ""),
        ] {
            let a = Address::parse(url).unwrap();
            assert_eq!((a.scheme, a.host.as_str()), (scheme, host), "{url}");
        }
    }

    #[test]
    fn rejects_non_urls() {
        for url in ["", "login.nhs.uk", "http:login", "https://", "://x", "1http://x"] {
            assert_eq!(Address::parse(url), Err(Error::InvalidUrl), "{url}");
        }
    }

    #[test]
    fn within() {
        assert!(host_within("access.login.nhs.uk", "login.nhs.uk"));
        assert!(host_within("login.nhs.uk", "login.nhs.uk"));
        assert!(!host_within("evillogin.nhs.uk", "login.nhs.uk"));
        assert!(!host_within("nhs.uk.evil.com", "nhs.uk"));
    }

    #[test]
    fn loopback() {
        for host in ["http://localhost/", "http://127.0.0.1:8/", "http://[::1]/", "http://a.localhost/"] {
            assert!(Address::parse(host).unwrap().is_loopback(), "{host}");
        }
        for host in ["http://127.0.0.1.evil.com/", "http://localhost.evil.com/"] {
            assert!(!Address::parse(host).unwrap().is_loopback(), "{host}");
        }
    }
}

//! The crate's one error type.

use std::fmt;

/// What can go wrong when the core is handed bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The text is not an absolute URL (`scheme://host…`).
    InvalidUrl,
    /// A page snapshot did not have the expected shape; the text says where.
    InvalidSnapshot(String),
    /// A value typed as a record provider is not a host name.
    InvalidProvider(crate::provider::ProviderError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidUrl => f.write_str("not an absolute URL"),
            Error::InvalidSnapshot(why) => write!(f, "invalid page snapshot: {why}"),
            Error::InvalidProvider(why) => write!(f, "invalid record provider: {why}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<crate::provider::ProviderError> for Error {
    fn from(error: crate::provider::ProviderError) -> Self {
        Error::InvalidProvider(error)
    }
}

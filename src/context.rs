//! What the browser knows about a tab that the page does not show: whether the window is private,
//! and whether the browser offers to save passwords. The extension reads these with browser APIs
//! and passes them in; unknown values are `None`/`false`.

use serde::Deserialize;

/// The browser's side of a tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Context {
    /// The tab is in a private (incognito) window.
    pub incognito: bool,
    /// The browser offers to save passwords (`privacy.services.passwordSavingEnabled`), when known.
    pub password_saving: Option<bool>,
}

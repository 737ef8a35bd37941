//! The wasm boundary: the only module that knows about JavaScript. It converts plain JS values to
//! the core's types and back (JSON-compatible objects, never hand-built JS objects) and turns
//! errors into `Error`s thrown in JavaScript. See `docs/INTERNALS.md` for the JS API.

use crate::context::Context;
use crate::loose::Loose;
use crate::portal::Portal;
use crate::reuse::{self, group_of, PortalPrint, Prints, SitePrint, Typed};
use crate::settings::Settings;
use crate::snapshot::Snapshot;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn read_settings_value(value: JsValue) -> Settings {
    // A value that cannot even be read loosely (a function, a symbol) counts as no settings.
    let loose = serde_wasm_bindgen::from_value::<Loose>(value).unwrap_or(Loose::Null);
    Settings::read(&loose).settings
}

/// `strength(password, userInputs)` → `{ score, guessesLog10, warning, suggestions }`.
#[wasm_bindgen]
pub fn strength(password: &str, user_inputs: Vec<String>) -> Result<JsValue, JsError> {
    let inputs: Vec<&str> = user_inputs.iter().map(String::as_str).collect();
    to_js(&crate::strength(password, &inputs))
}

/// The browser's side of the tab; a missing or malformed value counts as "nothing known".
fn read_context(value: JsValue) -> Context {
    serde_wasm_bindgen::from_value(value).unwrap_or_default()
}

/// `checkUrl(url, settings, context?)` → a verdict
/// (`{ url, portal, findings, status, truncated, actions }`).
#[wasm_bindgen(js_name = checkUrl)]
pub fn check_url(url: &str, settings: JsValue, context: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::check_url_with(url, &read_settings_value(settings), &read_context(context))?)
}

/// `analysePage(snapshot, settings, context?)` → a verdict.
#[wasm_bindgen(js_name = analysePage)]
pub fn analyse_page(snapshot: JsValue, settings: JsValue, context: JsValue) -> Result<JsValue, JsError> {
    let snapshot: Snapshot =
        serde_wasm_bindgen::from_value(snapshot).map_err(|e| crate::Error::InvalidSnapshot(e.to_string()))?;
    to_js(&crate::analyse_page_with(snapshot, &read_settings_value(settings), &read_context(context))?)
}

/// `readSettings(value)` → `{ settings, invalid }`: stored settings with defaults filled in field
/// by field.
#[wasm_bindgen(js_name = readSettings)]
pub fn read_settings(value: JsValue) -> Result<JsValue, JsError> {
    let loose = serde_wasm_bindgen::from_value::<Loose>(value).unwrap_or(Loose::Other);
    to_js(&Settings::read(&loose))
}

/// `providerHost(input)` → the host name to store, or throws an `Error` whose message is the
/// problem's code (`empty`, `spaces`, `not-a-host`, `ip-address`, `no-dot`).
#[wasm_bindgen(js_name = providerHost)]
pub fn provider_host(input: &str) -> Result<String, JsError> {
    crate::provider::provider_host(input).map_err(|e| JsError::new(e.code()))
}

/// `assessPassword(password, ownDetails, current?)` → `{ strength, weaknesses, findings }` for a
/// new password being chosen (`current`: the current password on a change-password form).
#[wasm_bindgen(js_name = assessPassword)]
pub fn assess_password(password: &str, own_details: Vec<String>, current: Option<String>) -> Result<JsValue, JsError> {
    let details: Vec<&str> = own_details.iter().map(String::as_str).collect();
    to_js(&crate::password::assess_new_password(password, &details, current.as_deref()))
}

fn read_prints(value: JsValue) -> Prints {
    serde_wasm_bindgen::from_value(value).unwrap_or_default()
}

/// `checkReuse(portal, typed, prints)` → findings (`[]` or one `password-reuse`): `portal` is the
/// page's portal from its verdict (or null), `typed` `{ length, fingerprint }`.
#[wasm_bindgen(js_name = checkReuse)]
pub fn check_reuse(portal: JsValue, typed: JsValue, prints: JsValue) -> Result<JsValue, JsError> {
    let portal: Option<Portal> = serde_wasm_bindgen::from_value(portal).unwrap_or(None);
    let typed: Typed = serde_wasm_bindgen::from_value(typed)?;
    let group = portal.as_ref().map(group_of);
    let finding = reuse::reuse_finding(group.as_deref(), typed, &read_prints(prints));
    to_js(&finding.into_iter().collect::<Vec<_>>())
}

/// `rememberSignIn(prints, portal, typed, site)` → `{ prints, findings }`: the stored fingerprints
/// after a sign-in on a records portal, and (reverse check) how many other sites share it.
#[wasm_bindgen(js_name = rememberSignIn)]
pub fn remember_sign_in(prints: JsValue, portal: JsValue, typed: JsValue, site: &str) -> Result<JsValue, JsError> {
    let portal: Portal = serde_wasm_bindgen::from_value(portal)?;
    let typed: Typed = serde_wasm_bindgen::from_value(typed)?;
    let mut prints = read_prints(prints);
    let findings: Vec<_> = reuse::other_sites_finding(typed, site, &prints).into_iter().collect();
    let print = PortalPrint {
        group: group_of(&portal),
        name: portal.name,
        length: typed.length,
        fingerprint: typed.fingerprint,
    };
    reuse::remember_portal(&mut prints, print);
    to_js(&SignIn { prints, findings })
}

/// `rememberSite(prints, typed, site)` → prints, with another site's fingerprint (reverse check).
#[wasm_bindgen(js_name = rememberSite)]
pub fn remember_site(prints: JsValue, typed: JsValue, site: &str) -> Result<JsValue, JsError> {
    let typed: Typed = serde_wasm_bindgen::from_value(typed)?;
    let mut prints = read_prints(prints);
    reuse::remember_site(
        &mut prints,
        SitePrint { site: site.into(), length: typed.length, fingerprint: typed.fingerprint },
    );
    to_js(&prints)
}

#[derive(Serialize)]
struct SignIn {
    prints: Prints,
    findings: Vec<crate::Finding>,
}

/// `withFindings(verdict, findings)` → the verdict with more findings (from password fields as the
/// person types), re-ordered, status derived again.
#[wasm_bindgen(js_name = withFindings)]
pub fn with_findings(verdict: JsValue, findings: JsValue) -> Result<JsValue, JsError> {
    let verdict: crate::Verdict = serde_wasm_bindgen::from_value(verdict)?;
    let findings: Vec<crate::Finding> = serde_wasm_bindgen::from_value(findings)?;
    to_js(&verdict.with_findings(findings))
}

//! Checks on a page from its snapshot: everything [`check_url`](crate::check_url) decides, plus
//! what only the page shows (password fields, where forms submit).

use crate::address::Address;
use crate::connection::insecure_forms;
use crate::detect::detect;
use crate::findings::Code;
use crate::portal::recognise;
use crate::settings::Settings;
use crate::snapshot::Snapshot;
use crate::verdict::{address_findings, Verdict};
use crate::Error;

/// Analyses a page snapshot. The snapshot is capped first (it comes from a page that may be
/// hostile); whether anything was cut is in [`Verdict::truncated`].
///
/// ```
/// use records_guard::{analyse_page, snapshot::{Field, Form, Snapshot}, Code, Settings};
/// let password = Field { kind: "password".into(), visible: true, ..Field::default() };
/// let snapshot = Snapshot {
///     url: "http://shop.example.test/login".into(),
///     forms: vec![Form { fields: vec![password], ..Form::default() }],
///     ..Snapshot::default()
/// };
/// let verdict = analyse_page(snapshot, &Settings::default()).unwrap();
/// assert_eq!(verdict.findings[0].code, Code::InsecureConnection);
/// ```
pub fn analyse_page(snapshot: Snapshot, settings: &Settings) -> Result<Verdict, Error> {
    let snapshot = snapshot.capped();
    let address = Address::parse(&snapshot.url)?;
    let known = recognise(&address.host, settings);
    let mut findings = address_findings(&address, known.as_ref(), snapshot.has_password_field(), settings);
    // A page that imitates a service is never taken for a records portal, however it reads.
    let imitates = findings.iter().any(|f| f.code == Code::LookalikeDomain);
    let portal = known.or_else(|| if imitates { None } else { detect(&snapshot) });
    findings.extend(insecure_forms(&address, &snapshot));
    Ok(Verdict::new(snapshot.url, portal, findings, snapshot.truncated))
}

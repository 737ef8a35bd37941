//! Checks on a page from its snapshot: everything [`check_url`](crate::check_url) decides, plus
//! what only the page shows (password fields, where forms submit).

use crate::address::Address;
use crate::connection::insecure_forms;
use crate::context::Context;
use crate::detect::detect;
use crate::findings::{Code, Finding};
use crate::password_fields::{detail_fields, password_fields};
use crate::portal::recognise;
use crate::remember;
use crate::settings::Settings;
use crate::shared::shared_computer_findings;
use crate::snapshot::Snapshot;
use crate::verdict::{address_findings, Action, Verdict};
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
    analyse_page_with(snapshot, settings, &Context::default())
}

/// [`analyse_page`], knowing the browser's side of the tab (private window, password saving).
pub fn analyse_page_with(snapshot: Snapshot, settings: &Settings, context: &Context) -> Result<Verdict, Error> {
    let snapshot = snapshot.capped();
    let address = Address::parse(&snapshot.url)?;
    let known = recognise(&address.host, settings);
    let mut findings = address_findings(&address, known.as_ref(), snapshot.has_password_field(), settings);
    // A page that imitates a service is never taken for a records portal, however it reads.
    let imitates = findings.iter().any(|f| f.code == Code::LookalikeDomain);
    let portal = known.or_else(|| if imitates { None } else { detect(&snapshot) });
    findings.extend(insecure_forms(&address, &snapshot, portal.is_some()));
    findings.extend(shared_computer_findings(portal.as_ref(), settings, context));
    let mut actions = Vec::new();
    if portal.is_some() {
        for control in remember::find(&snapshot) {
            if settings.shared_computer && control.checked {
                actions.push(Action::Untick { form: control.form, field: control.field });
            }
            findings.push(Finding::from(&control));
        }
    }
    let fields = password_fields(&snapshot);
    let details = detail_fields(&snapshot, &fields);
    let mut verdict = Verdict::new(snapshot.url, portal, findings, snapshot.truncated);
    verdict.actions = actions;
    verdict.password_fields = fields;
    verdict.detail_fields = details;
    Ok(verdict)
}

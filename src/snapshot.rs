//! A page snapshot: the plain data the content script reads from a page. The page may be an
//! attacker, so every list and string is capped here again, whatever the extractor did.

use serde::Deserialize;

/// At most this many forms are read.
pub const MAX_FORMS: usize = 50;
/// At most this many fields are read in one form.
pub const MAX_FIELDS_PER_FORM: usize = 200;
/// At most this many fields are read in all.
pub const MAX_FIELDS: usize = 500;
/// Labels, names and other short strings are cut to this many characters.
pub const MAX_SHORT_TEXT: usize = 200;
/// The page's text sample is cut to this many characters.
pub const MAX_PAGE_TEXT: usize = 2_000;
/// URLs (the page's, a form's action, a frame's) are cut to this many characters.
pub const MAX_URL_TEXT: usize = 8_192;
/// At most this many frame addresses are read.
pub const MAX_FRAMES: usize = 20;

/// What a page shows that the core may need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// The top frame's address.
    pub url: String,
    /// The document title.
    pub title: String,
    /// A sample of the visible headings and text.
    pub text: String,
    /// Whether the extractor hit one of its caps.
    pub truncated: bool,
    /// The page's forms; fields outside any form are gathered in one form with no action.
    pub forms: Vec<Form>,
    /// Where the page's frames load from (absolute addresses).
    pub frames: Vec<String>,
}

/// A form on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Form {
    /// The absolute address it submits to, or `None` for fields outside a form.
    pub action: Option<String>,
    /// `get`, `post` or empty.
    pub method: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A field (or a control with a role) in a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Field {
    /// The element's tag name, lower case.
    pub tag: String,
    /// The input type, lower case.
    #[serde(rename = "type")]
    pub kind: String,
    /// The `name` attribute.
    pub name: String,
    /// The `id` attribute.
    pub id: String,
    /// The `autocomplete` attribute.
    pub autocomplete: String,
    /// The `role` attribute.
    pub role: String,
    /// The label a person sees.
    pub label: String,
    /// The placeholder text.
    pub placeholder: String,
    /// Whether a person can see it. The extractor reads it only for password fields and boxes (a
    /// layout query per field costs the page time); it sends `null` for other fields, whose
    /// visibility nothing here weighs, and `null` reads as not seen.
    #[serde(deserialize_with = "null_as_false")]
    pub visible: bool,
    /// For checkboxes, radios and ARIA checkables: whether it is ticked.
    pub checked: Option<bool>,
}

impl Field {
    /// Whether this is a password field.
    pub fn is_password(&self) -> bool {
        self.kind == "password"
    }
}

/// A boolean that may be `null` (not read), which counts as `false`.
fn null_as_false<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(false))
}

fn cut(text: &mut String, max_chars: usize, truncated: &mut bool) {
    if let Some((index, _)) = text.char_indices().nth(max_chars) {
        text.truncate(index);
        *truncated = true;
    }
}

impl Snapshot {
    /// Applies the caps, recording in [`Snapshot::truncated`] whether anything was cut.
    pub fn capped(mut self) -> Snapshot {
        let mut t = self.truncated;
        cut(&mut self.url, MAX_URL_TEXT, &mut t);
        cut(&mut self.title, MAX_SHORT_TEXT, &mut t);
        cut(&mut self.text, MAX_PAGE_TEXT, &mut t);
        if self.frames.len() > MAX_FRAMES {
            self.frames.truncate(MAX_FRAMES);
            t = true;
        }
        for frame in &mut self.frames {
            cut(frame, MAX_URL_TEXT, &mut t);
        }
        if self.forms.len() > MAX_FORMS {
            self.forms.truncate(MAX_FORMS);
            t = true;
        }
        let mut budget = MAX_FIELDS;
        for form in &mut self.forms {
            if let Some(action) = &mut form.action {
                cut(action, MAX_URL_TEXT, &mut t);
            }
            cut(&mut form.method, MAX_SHORT_TEXT, &mut t);
            let keep = form.fields.len().min(MAX_FIELDS_PER_FORM).min(budget);
            if keep < form.fields.len() {
                form.fields.truncate(keep);
                t = true;
            }
            budget -= keep;
            for f in &mut form.fields {
                for text in [
                    &mut f.tag,
                    &mut f.kind,
                    &mut f.name,
                    &mut f.id,
                    &mut f.autocomplete,
                    &mut f.role,
                    &mut f.label,
                    &mut f.placeholder,
                ] {
                    cut(text, MAX_SHORT_TEXT, &mut t);
                }
            }
        }
        self.truncated = t;
        self
    }

    /// Every field on the page, form by form.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.forms.iter().flat_map(|form| form.fields.iter())
    }

    /// Whether the page has a password field.
    pub fn has_password_field(&self) -> bool {
        self.fields().any(Field::is_password)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_everything() {
        let field = Field { label: "é".repeat(10_000), ..Field::default() };
        let form = Form { fields: vec![field; 1_000], ..Form::default() };
        let snapshot = Snapshot { text: "x".repeat(100_000), forms: vec![form; 100], ..Snapshot::default() }.capped();
        assert!(snapshot.truncated);
        assert_eq!(snapshot.forms.len(), MAX_FORMS);
        assert_eq!(snapshot.fields().count(), MAX_FIELDS);
        assert_eq!(snapshot.text.len(), MAX_PAGE_TEXT);
        assert!(snapshot.fields().all(|f| f.label.chars().count() == MAX_SHORT_TEXT));
    }

    #[test]
    fn visibility_not_read_counts_as_not_seen() {
        // The extractor reads visibility only for password fields and boxes; other fields say null.
        let json = r#"{"forms":[{"fields":[
            {"tag":"input","type":"text","visible":null},
            {"tag":"input","type":"password","visible":true},
            {"tag":"input","type":"checkbox"}
        ]}]}"#;
        let snapshot: Snapshot = serde_json::from_str(json).expect("a snapshot");
        let seen: Vec<bool> = snapshot.fields().map(|f| f.visible).collect();
        assert_eq!(seen, [false, true, false]);
    }

    #[test]
    fn small_snapshots_are_untouched() {
        let snapshot = Snapshot { url: "https://a.example/".into(), ..Snapshot::default() };
        assert_eq!(snapshot.clone().capped(), snapshot);
    }
}

//! Choosing a new password: is it strong enough, and is it different enough from the old one?
//!
//! The guide: a strong password has **at least eight characters**, is not easy to guess (not
//! "password", not a family name or birthday), is ideally a pass phrase (`MyDogLikesBiscuits!`) or
//! the first letters of a sentence (`LBPhIhsadkwftt`), and is "very different" from previous ones.

use crate::findings::{Code, Finding, Severity};
use crate::strength::{strength_with_matches, Strength, MAX_PASSWORD_CHARS};
use serde::{Deserialize, Serialize};

/// The guide's minimum length.
pub const MIN_LENGTH: usize = 8;
/// zxcvbn scores below this are weak (0 and 1 are "too guessable", 2 "somewhat guessable").
pub const MIN_SCORE: u8 = 3;

/// Why a new password is weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weakness {
    /// Fewer than eight characters.
    TooShort,
    /// Easy to guess (zxcvbn score below 3).
    Guessable,
    /// Built from the person's own details on the form (name, email, date of birth…).
    OwnDetails,
}

/// The verdict on a new password.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPassword {
    /// zxcvbn's rating, for the meter.
    pub strength: Strength,
    /// Every reason it is weak; empty when it is strong.
    pub weaknesses: Vec<Weakness>,
    /// `weak-password` and `similar-password` findings.
    pub findings: Vec<Finding>,
}

/// Rates a new password typed on a records site. `own_details` are the person's details from the
/// same form (names, email, date of birth, NHS number, postcode); `current` is the current
/// password when the form has one (a change-password form).
///
/// ```
/// use records_guard::password::{assess_new_password, Weakness};
/// assert!(assess_new_password("MyDogLikesBiscuits!", &[], None).weaknesses.is_empty());
/// assert!(assess_new_password("LBPhIhsadkwftt", &[], None).weaknesses.is_empty());
/// assert!(assess_new_password("Xq9$zT", &[], None).weaknesses.contains(&Weakness::TooShort));
/// let own = assess_new_password("margaret1952", &["Margaret", "12/03/1952"], None);
/// assert!(own.weaknesses.contains(&Weakness::OwnDetails));
/// ```
pub fn assess_new_password(password: &str, own_details: &[&str], current: Option<&str>) -> NewPassword {
    let details: Vec<String> = own_details.iter().flat_map(|d| detail_parts(d)).collect();
    let inputs: Vec<&str> = details.iter().map(String::as_str).collect();
    let (strength, used_inputs) = strength_with_matches(password, &inputs);
    let mut weaknesses = Vec::new();
    if password.chars().count() < MIN_LENGTH {
        weaknesses.push(Weakness::TooShort);
    }
    if strength.score < MIN_SCORE {
        weaknesses.push(Weakness::Guessable);
    }
    if used_inputs || contains_detail(password, &details) {
        weaknesses.push(Weakness::OwnDetails);
    }
    let mut findings = Vec::new();
    if !password.is_empty() && !weaknesses.is_empty() {
        findings.push(Finding {
            weaknesses: Some(weaknesses.clone()),
            ..Finding::new(Code::WeakPassword, Severity::Warning)
        });
    }
    if let Some(current) = current.filter(|c| !c.is_empty() && !password.is_empty()) {
        if too_similar(password, current) {
            findings.push(Finding::new(Code::SimilarPassword, Severity::Warning));
        }
    }
    NewPassword { strength, weaknesses, findings }
}

/// A detail and its parts: "Margaret Ann Smith" → itself, "margaret", "ann", "smith";
/// "12/03/1952" → itself, "12", "03", "1952", "120352", "12031952"; an email's local part.
fn detail_parts(detail: &str) -> Vec<String> {
    let detail = detail.trim().to_lowercase();
    let detail: String = detail.chars().take(MAX_PASSWORD_CHARS).collect();
    let mut parts = vec![detail.clone()];
    if let Some((local, _)) = detail.split_once('@') {
        parts.push(local.to_string());
    }
    let words: Vec<&str> = detail.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    parts.extend(words.iter().map(|w| w.to_string()));
    let digits: Vec<&str> = words.iter().copied().filter(|w| w.chars().all(|c| c.is_ascii_digit())).collect();
    if digits.len() == 3 {
        parts.push(digits.concat());
        let short_year = &digits[2][digits[2].len().saturating_sub(2)..];
        parts.push(format!("{}{}{short_year}", digits[0], digits[1]));
    }
    parts.retain(|p| p.chars().count() >= 3 || p.chars().all(|c| c.is_ascii_digit()) && p.len() >= 2);
    parts.sort();
    parts.dedup();
    parts
}

/// Whether the password contains one of the person's details of four or more characters.
fn contains_detail(password: &str, details: &[String]) -> bool {
    let password = password.to_lowercase();
    details.iter().any(|d| d.chars().count() >= 4 && password.contains(d.as_str()))
}

/// Whether a new password is too close to the current one: one contains the other, or fewer than
/// a third of the characters differ.
fn too_similar(new: &str, current: &str) -> bool {
    let (a, b) = (new.to_lowercase(), current.to_lowercase());
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) =
        (a.chars().take(MAX_PASSWORD_CHARS).collect(), b.chars().take(MAX_PASSWORD_CHARS).collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()] * 3 < a.len().max(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_examples_are_strong() {
        for password in ["MyDogLikesBiscuits!", "LBPhIhsadkwftt"] {
            let v = assess_new_password(password, &[], None);
            assert!(v.findings.is_empty(), "{password}: {v:?}");
        }
    }

    #[test]
    fn weak_passwords() {
        for (password, details, weakness) in [
            ("password", &[][..], Weakness::Guessable),
            ("Tr0ub4!", &[], Weakness::TooShort),
            ("smith1952", &["Joan Smith", "03/04/1952"], Weakness::OwnDetails),
            ("joan.smith.rocks", &["joan.smith@example.com"], Weakness::OwnDetails),
            ("Biscuit030452", &["03/04/1952"], Weakness::OwnDetails),
        ] {
            let v = assess_new_password(password, details, None);
            assert!(v.weaknesses.contains(&weakness), "{password}: {:?}", v.weaknesses);
            assert_eq!(v.findings[0].code, Code::WeakPassword);
        }
    }

    #[test]
    fn similar_to_the_current_password() {
        let similar = |new, old| {
            assess_new_password(new, &[], Some(old)).findings.iter().any(|f| f.code == Code::SimilarPassword)
        };
        assert!(similar("MyDogLikesBiscuits!2", "MyDogLikesBiscuits!"));
        assert!(similar("MyDogLikesBiscuits?", "MyDogLikesBiscuits!"));
        assert!(!similar("Purple-Kettle-Harbour-42", "MyDogLikesBiscuits!"));
    }

    #[test]
    fn details_split_into_parts() {
        let parts = detail_parts("12/03/1952");
        for p in ["12031952", "120352", "1952"] {
            assert!(parts.contains(&p.to_string()), "{p} in {parts:?}");
        }
    }
}

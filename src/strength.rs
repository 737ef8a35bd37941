//! How hard a password would be to guess, from zxcvbn.

use serde::Serialize;

/// Passwords are rated on their first this-many characters (zxcvbn itself rates only the first
/// 100; the rest cannot make a password weaker, only stronger).
pub const MAX_PASSWORD_CHARS: usize = 100;
/// At most this many of the person's own details are passed to zxcvbn, each cut to 100 characters.
pub const MAX_USER_INPUTS: usize = 32;

/// zxcvbn's rating of a password, with feedback as codes (zxcvbn's feedback names, e.g.
/// `"ThisIsACommonPassword"`), never prose: the words are in `_locales`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Strength {
    /// 0 (too guessable) to 4 (very unguessable).
    pub score: u8,
    /// log10 of the estimated number of guesses (the count itself can exceed 2^53).
    pub guesses_log10: f64,
    /// The main problem, or an empty string.
    pub warning: String,
    /// What would make it stronger.
    pub suggestions: Vec<String>,
}

fn first_chars(text: &str, max: usize) -> &str {
    text.char_indices().nth(max).map_or(text, |(i, _)| &text[..i])
}

/// Rates `password`, treating `user_inputs` (the person's own details from the form: names,
/// email, date of birth…) as easy to guess.
///
/// ```
/// use records_guard::strength;
/// assert!(strength("MyDogLikesBiscuits!", &[]).score >= 3); // the guide's pass phrase
/// assert_eq!(strength("password", &[]).score, 0);
/// assert_eq!(strength("", &[]).guesses_log10, 0.0); // always finite, so it survives JSON
/// assert!(strength("margaretthatcher", &["Margaret", "Thatcher"]).score < 3);
/// ```
pub fn strength(password: &str, user_inputs: &[&str]) -> Strength {
    strength_with_matches(password, user_inputs).0
}

/// [`strength`], and whether zxcvbn matched part of the password to one of `user_inputs`.
pub(crate) fn strength_with_matches(password: &str, user_inputs: &[&str]) -> (Strength, bool) {
    let password = first_chars(password, MAX_PASSWORD_CHARS);
    let inputs: Vec<&str> = user_inputs.iter().take(MAX_USER_INPUTS).map(|s| first_chars(s, 100)).collect();
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    let feedback = entropy.feedback();
    // zxcvbn keeps its dictionary names private; the user-inputs one is named by its Debug form.
    let used_inputs = entropy.sequence().iter().any(|m| match &m.pattern {
        zxcvbn::matching::patterns::MatchPattern::Dictionary(d) => format!("{:?}", d.dictionary_name) == "UserInputs",
        _ => false,
    });
    let strength = Strength {
        score: u8::from(entropy.score()),
        // zxcvbn gives -inf for an empty password (0 guesses); JSON has no infinity.
        guesses_log10: entropy.guesses_log10().max(0.0),
        warning: feedback.and_then(|f| f.warning()).map(|w| format!("{w:?}")).unwrap_or_default(),
        suggestions: feedback.map(|f| f.suggestions().iter().map(|s| format!("{s:?}")).collect()).unwrap_or_default(),
    };
    (strength, used_inputs)
}

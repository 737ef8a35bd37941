//! How a host *looks*: a skeleton in the spirit of Unicode TS #39, limited to the characters that
//! matter for imitating Latin-letter host names. Two hosts with the same skeleton look alike to a
//! person (`pаtientaccess.com` with a Cyrillic `а`, `rnygp.com` for `mygp.com`).
//!
//! Only the confusables that can stand in for `a`–`z` and `0`–`9` are kept (the full UTS #39 table
//! is large and mostly about other scripts): Cyrillic, Greek, Armenian and Latin look-alikes,
//! accented Latin letters, and the ASCII tricks `rn`→`m`, `vv`→`w`, `0`→`o`, `1`→`l`, `5`→`s`.

/// Single characters that look like an ASCII letter or digit.
const LOOKALIKES: &[(char, char)] = &[
    // Cyrillic
    ('а', 'a'),
    ('в', 'b'),
    ('с', 'c'),
    ('ԁ', 'd'),
    ('е', 'e'),
    ('ё', 'e'),
    ('һ', 'h'),
    ('і', 'i'),
    ('ї', 'i'),
    ('ј', 'j'),
    ('к', 'k'),
    ('ӏ', 'l'),
    ('м', 'm'),
    ('п', 'n'),
    ('о', 'o'),
    ('р', 'p'),
    ('ԛ', 'q'),
    ('г', 'r'),
    ('ѕ', 's'),
    ('т', 't'),
    ('ц', 'u'),
    ('ѵ', 'v'),
    ('ԝ', 'w'),
    ('х', 'x'),
    ('у', 'y'),
    ('ў', 'y'),
    ('з', '3'),
    ('ь', 'b'),
    ('ɡ', 'g'),
    // Greek
    ('α', 'a'),
    ('β', 'b'),
    ('ϲ', 'c'),
    ('ε', 'e'),
    ('η', 'n'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('ν', 'v'),
    ('ο', 'o'),
    ('ρ', 'p'),
    ('τ', 't'),
    ('υ', 'u'),
    ('χ', 'x'),
    ('γ', 'y'),
    ('ω', 'w'),
    // Armenian
    ('ա', 'w'),
    ('ց', 'g'),
    ('հ', 'h'),
    ('ո', 'n'),
    ('ս', 'u'),
    ('օ', 'o'),
    ('զ', 'q'),
    // Latin look-alikes
    ('ı', 'i'),
    ('ɩ', 'i'),
    ('ł', 'l'),
    ('ǀ', 'l'),
    ('ɑ', 'a'),
    ('ƅ', 'b'),
    ('ɗ', 'd'),
    ('ꞵ', 'b'),
    ('ʏ', 'y'),
    ('ſ', 'f'),
    ('ß', 'b'),
    ('ø', 'o'),
    ('đ', 'd'),
    ('ħ', 'h'),
    ('ŀ', 'l'),
    // Accented Latin letters
    ('à', 'a'),
    ('á', 'a'),
    ('â', 'a'),
    ('ã', 'a'),
    ('ä', 'a'),
    ('å', 'a'),
    ('ā', 'a'),
    ('ă', 'a'),
    ('ą', 'a'),
    ('ç', 'c'),
    ('ć', 'c'),
    ('č', 'c'),
    ('ď', 'd'),
    ('è', 'e'),
    ('é', 'e'),
    ('ê', 'e'),
    ('ë', 'e'),
    ('ē', 'e'),
    ('ė', 'e'),
    ('ę', 'e'),
    ('ě', 'e'),
    ('ğ', 'g'),
    ('ģ', 'g'),
    ('ì', 'i'),
    ('í', 'i'),
    ('î', 'i'),
    ('ï', 'i'),
    ('ī', 'i'),
    ('į', 'i'),
    ('ķ', 'k'),
    ('ĺ', 'l'),
    ('ļ', 'l'),
    ('ľ', 'l'),
    ('ñ', 'n'),
    ('ń', 'n'),
    ('ņ', 'n'),
    ('ň', 'n'),
    ('ò', 'o'),
    ('ó', 'o'),
    ('ô', 'o'),
    ('õ', 'o'),
    ('ö', 'o'),
    ('ō', 'o'),
    ('ő', 'o'),
    ('ŕ', 'r'),
    ('ř', 'r'),
    ('ś', 's'),
    ('ş', 's'),
    ('š', 's'),
    ('ș', 's'),
    ('ţ', 't'),
    ('ť', 't'),
    ('ț', 't'),
    ('ù', 'u'),
    ('ú', 'u'),
    ('û', 'u'),
    ('ü', 'u'),
    ('ū', 'u'),
    ('ů', 'u'),
    ('ű', 'u'),
    ('ų', 'u'),
    ('ý', 'y'),
    ('ÿ', 'y'),
    ('ź', 'z'),
    ('ż', 'z'),
    ('ž', 'z'),
    // Digits that pass for letters
    ('0', 'o'),
    ('1', 'l'),
    ('5', 's'),
];

/// Letter pairs that pass for one letter.
const PAIRS: &[(&str, &str)] = &[("rn", "m"), ("vv", "w")];

/// The skeleton of some (Unicode, lower-case) text: each look-alike replaced by the ASCII character
/// it passes for. Equal skeletons look the same to a person.
///
/// ```
/// use records_guard::confusable::skeleton;
/// assert_eq!(skeleton("pаtientaccess.com"), skeleton("patientaccess.com")); // Cyrillic а
/// assert_eq!(skeleton("rnygp.com"), "mygp.com");
/// ```
pub fn skeleton(text: &str) -> String {
    let mut out: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| LOOKALIKES.iter().find(|(from, _)| *from == c).map_or(c, |(_, to)| *to))
        .collect();
    for (pair, single) in PAIRS {
        if out.contains(pair) {
            out = out.replace(pair, single);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homographs_share_a_skeleton() {
        for (fake, real) in [
            ("раураl.com", "paypal.com"),
            ("systmon1ine", "systmonline"),
            ("nhsаpp", "nhsapp"),
            ("patientaccéss", "patientaccess"),
            ("ԝԝԝ", "www"),
            ("vvww", "www"),
        ] {
            assert_eq!(skeleton(fake), skeleton(real), "{fake}");
        }
        assert_ne!(skeleton("patientaccess"), skeleton("patientsaccess"));
    }
}

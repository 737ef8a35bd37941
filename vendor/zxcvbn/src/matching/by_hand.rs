//! Records Guard's patch: the six regular expressions zxcvbn 3.1.1 matched with `regex` and
//! `fancy-regex`, matched by hand instead. The two crates (and their Unicode tables) were about two
//! fifths of the gzipped wasm for six small patterns. Each function names the expression it
//! replaces; `tests` checks each against the real expression on generated strings.

/// A repeated run: `base_len` characters repeated to fill `len` characters (at least twice),
/// starting `start` characters into the searched text. All in characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repeat {
    pub start: usize,
    pub len: usize,
    pub base_len: usize,
}

/// How the repeated base is chosen, as `(.+)` (longest) or `(.+?)` (shortest) would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Longest,
    Shortest,
}

fn repeats_of(chars: &[char], at: usize, len: usize) -> usize {
    let base = &chars[at..at + len];
    chars[at + len..]
        .chunks_exact(len)
        .take_while(|c| *c == base)
        .count()
}

/// The leftmost match of `(.+)\1+` (`Base::Longest`) or `(.+?)\1+` (`Base::Shortest`): `.` is any
/// character but a line feed, and the back-reference repeats as often as it can.
pub(crate) fn leftmost_repeat(chars: &[char], base: Base) -> Option<Repeat> {
    let n = chars.len();
    for start in 0..n {
        let run = chars[start..].iter().take_while(|&&c| c != '\n').count();
        let longest = run.min((n - start) / 2);
        let mut try_len = |base_len: usize| {
            let k = repeats_of(chars, start, base_len);
            (k > 0).then_some(Repeat {
                start,
                len: base_len * (k + 1),
                base_len,
            })
        };
        let found = match base {
            Base::Longest => (1..=longest).rev().find_map(&mut try_len),
            Base::Shortest => (1..=longest).find_map(&mut try_len),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `^(.+?)\1+$`: the length of the shortest base that, repeated, makes up all of `chars`.
pub(crate) fn shortest_whole_base(chars: &[char]) -> Option<usize> {
    let n = chars.len();
    if chars.contains(&'\n') {
        return None;
    }
    (1..=n / 2).find(|&len| n % len == 0 && repeats_of(chars, 0, len) == n / len - 1)
}

/// Byte ranges of `19[0-9]{2}|20[0-9]{2}`, leftmost first and not overlapping.
pub(crate) fn recent_years(password: &str) -> Vec<(usize, usize)> {
    let bytes = password.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let w = &bytes[at..at + 4];
        if (w.starts_with(b"19") || w.starts_with(b"20"))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
        {
            found.push((at, at + 4));
            at += 4;
        } else {
            at += 1;
        }
    }
    found
}

/// `^[0-9]{4,8}$`
pub(crate) fn is_digits_4_to_8(token: &str) -> bool {
    (4..=8).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_digit())
}

fn is_date_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '/' | '\\' | '_' | '.' | '-')
}

/// `^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})([\s/\\_.-])([0-9]{1,4})$`: its five groups.
pub(crate) fn date_with_separators(token: &str) -> Option<[&str; 5]> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let separator = |s: &str| {
        s.chars()
            .next()
            .filter(|&c| is_date_separator(c))
            .map(char::len_utf8)
    };
    let a = digits(token);
    let rest = &token[a..];
    let s1 = separator(rest)?;
    let b = digits(&rest[s1..]);
    let rest2 = &rest[s1 + b..];
    let s2 = separator(rest2)?;
    let c = digits(&rest2[s2..]);
    let ok = (1..=4).contains(&a)
        && (1..=2).contains(&b)
        && (1..=4).contains(&c)
        && rest2.len() == s2 + c;
    ok.then(|| {
        [
            &token[..a],
            &rest[..s1],
            &rest[s1..s1 + b],
            &rest2[..s2],
            &rest2[s2..],
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::{Arbitrary, Gen, QuickCheck};

    /// Strings over a few characters (a line feed, spaces, a separator, digits, letters and a
    /// two-byte letter), so repeats and dates turn up often.
    #[derive(Debug, Clone)]
    struct Text(String);

    impl Arbitrary for Text {
        fn arbitrary(g: &mut Gen) -> Self {
            const CHARS: &[char] = &[
                'a', 'b', 'é', '1', '9', '2', '0', '/', ' ', '\n', '\u{2003}',
            ];
            let len = usize::arbitrary(g) % 24;
            Text((0..len).map(|_| *g.choose(CHARS).unwrap_or(&'a')).collect())
        }
    }

    fn chars_before(s: &str, byte: usize) -> usize {
        s[..byte].chars().count()
    }

    fn as_repeat(s: &str, m: &fancy_regex::Captures) -> Repeat {
        let whole = m.get(0).unwrap();
        Repeat {
            start: chars_before(s, whole.start()),
            len: whole.as_str().chars().count(),
            base_len: m.get(1).unwrap().as_str().chars().count(),
        }
    }

    fn same_repeats(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let greedy = fancy_regex::Regex::new(r"(.+)\1+").unwrap();
        let lazy = fancy_regex::Regex::new(r"(.+?)\1+").unwrap();
        let anchored = fancy_regex::Regex::new(r"^(.+?)\1+$").unwrap();
        let expect = |re: &fancy_regex::Regex| re.captures(s).unwrap().map(|m| as_repeat(s, &m));
        let whole = anchored
            .captures(s)
            .unwrap()
            .map(|m| m.get(1).unwrap().as_str().chars().count());
        leftmost_repeat(&chars, Base::Longest) == expect(&greedy)
            && leftmost_repeat(&chars, Base::Shortest) == expect(&lazy)
            && shortest_whole_base(&chars) == whole
    }

    fn same_dates(s: &str) -> bool {
        let years = regex::Regex::new(r"19[0-9]{2}|20[0-9]{2}").unwrap();
        let digits = regex::Regex::new(r"^[0-9]{4,8}$").unwrap();
        let dated =
            regex::Regex::new(r"^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})([\s/\\_.-])([0-9]{1,4})$")
                .unwrap();
        let expected: Vec<_> = years.find_iter(s).map(|m| (m.start(), m.end())).collect();
        let groups = dated
            .captures(s)
            .map(|c| [1, 2, 3, 4, 5].map(|i| c.get(i).unwrap().as_str()));
        recent_years(s) == expected
            && is_digits_4_to_8(s) == digits.is_match(s)
            && date_with_separators(s) == groups
    }

    #[test]
    fn repeats_match_the_expressions() {
        QuickCheck::new()
            .tests(5000)
            .quickcheck((|t: Text| same_repeats(&t.0)) as fn(Text) -> bool);
    }

    #[test]
    fn dates_match_the_expressions() {
        QuickCheck::new()
            .tests(5000)
            .quickcheck((|t: Text| same_dates(&t.0)) as fn(Text) -> bool);
    }

    #[test]
    fn known_cases_match_the_expressions() {
        for s in [
            "",
            "a",
            "aa",
            "aab",
            "aabaab",
            "aabaabaabaab",
            "aaaaa",
            "abcabcab",
            "x\nx\n",
            "éé",
            "ab\nab",
            "1991",
            "19911",
            "120201999",
            "1/1/91",
            "11.11.1991",
            "1-1/91",
            "1 1 91",
            "1\u{2003}1\u{2003}91",
            "12345/1/1",
            "1/123/1",
            "a1/1/91",
            "1/1/91a",
            "١/1/91",
        ] {
            assert!(same_repeats(s), "repeats of {s:?}");
            assert!(same_dates(s), "dates in {s:?}");
        }
    }
}

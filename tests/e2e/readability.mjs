// Readability of the words people see: Flesch reading ease and Flesch-Kincaid grade, computed on
// the `message` of every `_locales` entry (descriptions are for translators and are not scored).
//
// Why these thresholds (issue 6: "text a 12-year-old can read"):
// - Flesch reading ease 70–80 is "fairly easy", the level of a 12–13-year-old (US grade 7);
//   60–70 is "plain English" (13–15). The whole text, scored as one document, must reach
//   READING_EASE_MIN = 70, and its Flesch-Kincaid grade must be at most GRADE_MAX = 7
//   (US grade 7 = age 12–13).
// - Every message of at least FLOOR_MIN_WORDS words must score at least READING_EASE_FLOOR = 55
//   on its own ("fairly difficult" starts below 60; 50 is where school-leaver text begins), so no
//   single sentence is hard even when the average is good. Shorter messages
//   (button labels, headings) are left out of the floor: one two-syllable word ("Settings")
//   swings a three-word score by 30 points, which says nothing about how hard it is to read.
// - Names are read as one familiar word (a person recognises "Information Commissioner's Office"
//   or "Records Guard" without sounding them out), so they count as one one-syllable word.
//   Web addresses, phone numbers and `$PLACEHOLDERS$` count the same way.
//
// Syllables are counted with the usual English rules (vowel groups, a silent final "e", "-le",
// "-ed" and "-es" endings): close enough to a dictionary count for scoring, as every Flesch tool does.

export const READING_EASE_MIN = 70;
export const GRADE_MAX = 7;
export const READING_EASE_FLOOR = 55;
export const FLOOR_MIN_WORDS = 5;

/** Names and terms people know as a whole; longest first so "NHS login" wins over "NHS". */
export const NAMES = [
  'National Domestic Violence Helpline',
  "Information Commissioner's Office",
  "Men's Advice Line",
  'Age UK Advice Line',
  'Get Safe Online',
  'Records Guard',
  'Patient Access',
  'SystmOnline',
  'NHS login',
  'NHS App',
  'Age UK',
  'Wi-Fi',
  'NHS',
  'ICO',
  'PIN',
].sort((a, b) => b.length - a.length);

const NAME_TOKEN = 'Name';

/** The message as a reader meets it, with names, addresses and placeholders made one word. */
export function plainText(message) {
  let text = String(message);
  text = text.replace(/\$[A-Za-z0-9_]+\$|\$\d/g, NAME_TOKEN); // placeholders
  text = text.replace(/\b(?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^\s]*)?/gi, (m) =>
    /[a-z]/i.test(m) && /\./.test(m) ? NAME_TOKEN : m,
  ); // web addresses
  text = text.replace(/https?:\/\//gi, NAME_TOKEN);
  text = text.replace(/\b\d[\d ]{6,}\d\b/g, NAME_TOKEN); // phone numbers
  for (const name of NAMES) text = text.split(name).join(NAME_TOKEN);
  return text;
}

export function syllables(word) {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m[0]); // silent endings
  w = w.replace(/^y/, '');
  const groups = w.match(/[aeiouy]+/g);
  return Math.max(1, groups ? groups.length : 0);
}

/** `{ words, sentences, syllables }` of one message. */
export function counts(message) {
  const text = plainText(message);
  const words = text.split(/[\s/—–]+/).filter((token) => /[A-Za-z0-9]/.test(token));
  const sentenceEnds = (text.match(/[.!?:;](?=\s|$)/g) ?? []).length;
  const endsWithStop = /[.!?:;]["”’)]*\s*$/.test(text.trim());
  const sentences = Math.max(1, sentenceEnds + (endsWithStop ? 0 : 1));
  const syl = words.reduce((sum, w) => sum + (/[A-Za-z]/.test(w) ? syllables(w) : 1), 0);
  return { words: words.length, sentences, syllables: syl };
}

export const readingEase = ({ words, sentences, syllables: syl }) =>
  206.835 - 1.015 * (words / sentences) - 84.6 * (syl / words);

export const grade = ({ words, sentences, syllables: syl }) =>
  0.39 * (words / sentences) + 11.8 * (syl / words) - 15.59;

/** Scores for a whole `messages.json` object. */
export function scoreLocale(locale) {
  const rows = Object.entries(locale).map(([key, entry]) => {
    const c = counts(entry.message);
    return { key, message: entry.message, ...c, ease: c.words ? readingEase(c) : 100 };
  });
  const total = rows.reduce(
    (sum, r) => ({ words: sum.words + r.words, sentences: sum.sentences + r.sentences, syllables: sum.syllables + r.syllables }),
    { words: 0, sentences: 0, syllables: 0 },
  );
  return { rows, total, ease: readingEase(total), grade: grade(total) };
}

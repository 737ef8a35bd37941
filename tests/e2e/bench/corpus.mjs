// The password corpus of `cargo xtask bench`: several thousand passwords, the same on every run.
//
// Lists of leaked passwords cannot be downloaded here, so the corpus is derived from the frequency
// lists zxcvbn.js itself ships (`zxcvbn/lib/frequency_lists.js`: common passwords, English words,
// names, surnames, film and TV words), mangled the way people mangle passwords, plus pass phrases,
// "first letters of a sentence", keyboard patterns, dates and random strings. A seeded PRNG makes it
// deterministic. Everything stays under 64 characters, so both libraries rate the whole password
// (the core rates the first 100 characters).

import { createRequire } from 'node:module';

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs and platforms). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEET = { a: '@', e: '3', i: '1', o: '0', s: '$', t: '7' };
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', '!@#$%^&*()', 'qazwsxedc', '1qaz2wsx3edc'];
const SYMBOLS = '!@#$%&*?_-.';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const CHARSETS = [LOWER, LOWER + DIGITS, LOWER + LOWER.toUpperCase() + DIGITS, LOWER + LOWER.toUpperCase() + DIGITS + SYMBOLS + '~^()[]{}<>/\\|:;,\'"+='];

/**
 * @param {string} zxcvbnDir the `zxcvbn` package folder (its `lib/frequency_lists.js` is read)
 * @param {{ size?: number, seed?: number }} [options]
 * @returns {{ passwords: string[], categories: Record<string, number> }}
 */
export function makeCorpus(zxcvbnDir, { size = 5000, seed = 20_251_125 } = {}) {
  const lists = createRequire(import.meta.url)(`${zxcvbnDir}/lib/frequency_lists.js`);
  const random = prng(seed);
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  // Ranks spread log-uniformly: common entries often, rare ones still sometimes.
  const ranked = (list, max = list.length) => list[Math.min(max, list.length) ** random() - 1 | 0] ?? list[0];
  const capital = (w) => w.charAt(0).toUpperCase() + w.slice(1);
  const year = () => String(1940 + int(86));
  const digits = (n) => Array.from({ length: n }, () => pick(DIGITS)).join('');
  const words = lists.english_wikipedia.filter((w) => /^[a-z]{3,10}$/.test(w)).slice(0, 12000);
  const filmWords = lists.us_tv_and_film.filter((w) => /^[a-z]{3,10}$/.test(w)).slice(0, 8000);
  const firstNames = [...lists.female_names, ...lists.male_names].filter((w) => /^[a-z]{2,12}$/.test(w));
  const surnames = lists.surnames.filter((w) => /^[a-z]{2,12}$/.test(w));

  const mangle = (w) => {
    let out = w;
    if (random() < 0.5) out = capital(out);
    if (random() < 0.4) out = [...out].map((c) => (random() < 0.6 ? LEET[c] ?? c : c)).join('');
    const tail = random();
    if (tail < 0.3) out += digits(1 + int(3));
    else if (tail < 0.5) out += year();
    else if (tail < 0.7) out += pick(SYMBOLS);
    else if (tail < 0.8) out = [...out].reverse().join('');
    return out;
  };

  const makers = {
    // The guide's own examples and the passwords people are told never to use.
    guide: () => pick(['MyDogLikesBiscuits!', 'LBPhIhsadkwftt', 'password', 'Password1', 'letmein', 'qwerty123']),
    common: () => ranked(lists.passwords),
    'common-mangled': () => mangle(ranked(lists.passwords, 10000)),
    'word-mangled': () => mangle(ranked(words)),
    'name-date': () => {
      const name = random() < 0.6 ? pick(firstNames) : pick(surnames);
      const forms = [
        () => capital(name) + year(),
        () => name + digits(2 + int(3)),
        () => `${pick(firstNames)}.${pick(surnames)}`,
        () => capital(name) + pick(SYMBOLS) + digits(2),
        () => `${capital(pick(firstNames))}${capital(pick(surnames))}${int(2) ? year().slice(2) : ''}`,
      ];
      return pick(forms)();
    },
    'pass-phrase': () => {
      const n = 2 + int(4);
      const parts = Array.from({ length: n }, () => (random() < 0.7 ? pick(words) : pick(filmWords)));
      const sep = pick(['', '', ' ', '-', '.', '_']);
      let out = (random() < 0.6 ? parts.map(capital) : parts).join(sep);
      if (random() < 0.4) out += pick(SYMBOLS);
      if (random() < 0.3) out += digits(1 + int(2));
      return out;
    },
    'sentence-initials': () => {
      const n = 8 + int(9);
      return Array.from({ length: n }, (_, i) => {
        const c = pick(LOWER);
        return i === 0 || random() < 0.25 ? c.toUpperCase() : c;
      }).join('');
    },
    pattern: () => {
      const forms = [
        () => { const row = pick(KEYBOARD_ROWS); const start = int(row.length - 3); return row.slice(start, start + 4 + int(row.length - start - 3)); },
        () => pick(LOWER).repeat(4 + int(8)),
        () => { const chunk = digits(2 + int(3)); return chunk.repeat(2 + int(2)); },
        () => { const start = int(20); return LOWER.slice(start, start + 4 + int(6)); },
        () => `${String(1 + int(28)).padStart(2, '0')}/${String(1 + int(12)).padStart(2, '0')}/${year()}`,
        () => `${year()}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}`,
      ];
      return pick(forms)();
    },
    random: () => {
      const charset = pick(CHARSETS);
      const n = random() < 0.85 ? 6 + int(19) : 25 + int(36);
      return Array.from({ length: n }, () => pick(charset)).join('');
    },
  };
  // Shares of the corpus (sum 1).
  const shares = {
    guide: 0.002,
    common: 0.22,
    'common-mangled': 0.16,
    'word-mangled': 0.1,
    'name-date': 0.12,
    'pass-phrase': 0.17,
    'sentence-initials': 0.06,
    pattern: 0.06,
    random: 0.108,
  };
  // Distinct passwords only: a repeat would measure a warm cache, not a password.
  const seen = new Set();
  const categories = {};
  for (const [name, share] of Object.entries(shares)) {
    const want = Math.max(1, Math.round(size * share));
    let got = 0;
    for (let tries = 0; got < want && tries < want * 50; tries++) {
      const password = makers[name]().slice(0, 63);
      if (password && !seen.has(password)) {
        seen.add(password);
        got += 1;
      }
    }
    categories[name] = got;
  }
  return { passwords: [...seen], categories };
}

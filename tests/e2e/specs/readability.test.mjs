// Words a 12-year-old can read, all of them in _locales, and the pages ready for another language.
// No browser needed: this reads the locale and the extension's pages as files. Thresholds and
// their reasons are in ../readability.mjs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO, readLocale } from '../harness.mjs';
import {
  FLOOR_MIN_WORDS,
  GRADE_MAX,
  READING_EASE_FLOOR,
  READING_EASE_MIN,
  counts,
  readingEase,
  scoreLocale,
  syllables,
} from '../readability.mjs';

const EXTENSION = path.join(REPO, 'extension');
const LOCALES = path.join(EXTENSION, '_locales');
const locales = fs.readdirSync(LOCALES).filter((d) => fs.existsSync(path.join(LOCALES, d, 'messages.json')));
const en = readLocale(null);

test('the syllable counter agrees with a dictionary on common words', () => {
  const words = { the: 1, password: 2, computer: 3, records: 2, private: 2, browser: 2, provider: 3, window: 2, information: 4, sentence: 2, remember: 3, people: 2, change: 1, shared: 1, simple: 2, library: 3 };
  for (const [word, expected] of Object.entries(words)) assert.equal(syllables(word), expected, word);
  // A known text: "The cat sat on the mat." is about as easy as English gets.
  assert.ok(readingEase(counts('The cat sat on the mat.')) > 100);
});

for (const locale of locales) {
  if (locale !== 'en_GB') continue; // the formula is for English; other languages need their own
  test(`${locale}: all messages together read at a 12-year-old's level`, () => {
    const { ease, grade, total } = scoreLocale(JSON.parse(fs.readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8')));
    console.log(`${locale}: ${total.words} words, Flesch reading ease ${ease.toFixed(1)}, grade ${grade.toFixed(1)}`);
    assert.ok(ease >= READING_EASE_MIN, `Flesch reading ease ${ease.toFixed(1)} < ${READING_EASE_MIN}`);
    assert.ok(grade <= GRADE_MAX, `Flesch-Kincaid grade ${grade.toFixed(1)} > ${GRADE_MAX}`);
  });

  test(`${locale}: no single message is hard to read`, () => {
    const { rows } = scoreLocale(JSON.parse(fs.readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8')));
    const hard = rows
      .filter((r) => r.words >= FLOOR_MIN_WORDS && r.ease < READING_EASE_FLOOR)
      .map((r) => `${r.key} (${r.ease.toFixed(0)}): ${r.message}`);
    assert.deepEqual(hard, [], `messages below a reading ease of ${READING_EASE_FLOOR}:\n${hard.join('\n')}`);
  });
}

test('every message has a description for translators, and placeholders are declared', () => {
  for (const [key, entry] of Object.entries(en)) {
    assert.match(key, /^[A-Za-z0-9_]+$/, key);
    assert.equal(typeof entry.message, 'string', key);
    assert.ok(typeof entry.description === 'string' && entry.description.length > 10, `${key} has a description`);
    for (const name of entry.message.match(/\$[A-Za-z0-9_]+\$/g) ?? []) {
      // Chrome matches placeholder names without regard to case.
      const declared = Object.keys(entry.placeholders ?? {}).some((p) => p.toLowerCase() === name.slice(1, -1).toLowerCase());
      assert.ok(declared, `${key}: placeholder ${name} is declared`);
    }
  }
});

// ---- ready for Welsh: the pages take every word from _locales

const PAGES = ['popup', 'options', 'advice'];
const read = (file) => fs.readFileSync(path.join(EXTENSION, file), 'utf8');

test('the pages use only keys that exist in the locale', () => {
  for (const page of PAGES) {
    const html = read(`${page}.html`);
    const js = read(`${page}.js`);
    const keys = [
      ...[...html.matchAll(/data-i18n(?:-aria-label)?="([^"]+)"/g)].map((m) => m[1]),
      ...[...js.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]),
    ];
    assert.ok(keys.length > 0, page);
    for (const key of keys) assert.ok(key in en, `${page}: ${key} is in en_GB`);
  }
  // Keys built from codes (tips and helplines) exist too.
  const guide = read('guide.js');
  for (const [, key] of guide.matchAll(/key: '([A-Za-z0-9_]+)'/g)) assert.ok(key in en, `guide.js: ${key}`);
});

test('no English written into the pages: every element with words gets them from _locales', () => {
  for (const page of PAGES) {
    const html = read(`${page}.html`).replace(/<!--[\s\S]*?-->/g, '');
    // Text between tags, other than white space, is hard-coded words.
    const body = html.slice(html.indexOf('<body'));
    const stray = [...body.matchAll(/>([^<]+)</g)].map((m) => m[1].trim()).filter((text) => /[A-Za-z]/.test(text));
    assert.deepEqual(stray, [], `${page}.html has words outside _locales`);
    for (const [, attr, value] of body.matchAll(/\s(alt|title|aria-label|placeholder)="([^"]*)"/g)) {
      assert.equal(value, '', `${page}.html: ${attr}="${value}" should come from _locales`);
    }
  }
  // Scripts put words on the page only through t(): no string literal with two words and a space
  // is given to textContent or to el().
  for (const page of PAGES) {
    const js = read(`${page}.js`);
    const literals = [...js.matchAll(/(?:textContent\s*=|el\([^)]*?,)\s*'([^']*[A-Za-z]{2,} [A-Za-z]{2,}[^']*)'/g)].map((m) => m[1]);
    assert.deepEqual(literals, [], `${page}.js writes words that are not from _locales`);
  }
});

test('every page sets its language from the locale', () => {
  assert.equal(en.locale_lang.message, 'en-GB');
  assert.match(read('i18n.js'), /documentElement\.lang = /);
});

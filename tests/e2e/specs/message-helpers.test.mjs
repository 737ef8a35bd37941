// messages.js's string helpers on their own (no browser: they touch no DOM). The page scripts call
// them as a page loads, so they use no regular expression (see messages.js); each must give what
// its regular-expression definition gives, on random text made of the characters that matter.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { REPO } from '../harness.mjs';

const context = vm.createContext({});
vm.runInContext(fs.readFileSync(path.join(REPO, 'extension', 'messages.js'), 'utf8'), context);
const { fillSlots, localeKey, originOf, withoutQuery, SLOTS } = context.RG_MESSAGES;

// The definitions: what each helper did with a regular expression.
const definitions = {
  fillSlots(words, name, substitutions) {
    const text = Object.hasOwn(words ?? {}, name) ? String(words[name]) : '';
    const values = substitutions === undefined ? [] : [].concat(substitutions);
    return text.replace(/[\ue001-\ue009]/g, (slot) => String(values[slot.charCodeAt(0) - 0xe001] ?? ''));
  },
  localeKey(area, code, part) {
    const name = `${area}_${String(code).replace(/[^A-Za-z0-9]/g, '_')}`;
    return part ? `${name}_${part}` : name;
  },
  originOf: (url) => /^https?:\/\/[^/?#]*/i.exec(url)?.[0].toLowerCase(),
  withoutQuery: (url) => /^[^?#]*/.exec(url)[0],
};

let seed = 11;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(random() * list.length)];
const text = (chars, max) => Array.from({ length: Math.floor(random() * max) }, () => pick(chars)).join('');

test('fillSlots fills each slot with its value in one pass, as its definition does', () => {
  // Slots beyond the values given, values that hold slot characters themselves, no slots at all.
  const chars = ['a', ' ', '{', '$1', '😀', '\ue000', '\ue00a', ...SLOTS];
  for (let i = 0; i < 2000; i++) {
    const words = { name: text(chars, 30) };
    const count = Math.floor(random() * 4);
    const substitutions = count === 0 && random() < 0.5 ? undefined : Array.from({ length: count }, () => text(chars, 8));
    const args = [words, random() < 0.9 ? 'name' : 'missing', random() < 0.2 ? substitutions?.[0] : substitutions];
    assert.equal(fillSlots(...args), definitions.fillSlots(...args), JSON.stringify(args));
  }
  assert.equal(fillSlots({ n: 'Hello \ue001, from \ue002.' }, 'n', ['Ann', '\ue001']), 'Hello Ann, from \ue001.');
  assert.equal(fillSlots(null, 'n'), '');
});

test('localeKey makes message names of codes as its definition does', () => {
  const chars = ['a', 'Z', '0', '9', '-', '_', ' ', '.', 'é', '😀', '\u0000'];
  for (let i = 0; i < 2000; i++) {
    const args = ['banner', random() < 0.1 ? null : text(chars, 20), random() < 0.5 ? 'title' : undefined];
    assert.equal(localeKey(...args), definitions.localeKey(...args), JSON.stringify(args));
  }
  assert.equal(localeKey('banner', 'insecure-form', 'title'), 'banner_insecure_form_title');
});

test('originOf and withoutQuery cut addresses as their definitions do', () => {
  const starts = ['http://', 'https://', 'HTTPS://', 'Http://', 'ftp://', 'http:/', 'https:', '', 'about:blank', 'chrome-extension://'];
  const chars = ['a', 'B', '.', ':', '8', '/', '?', '#', '@', '%', 'é'];
  for (let i = 0; i < 4000; i++) {
    const url = pick(starts) + text(chars, 24);
    assert.equal(originOf(url), definitions.originOf(url), url);
    assert.equal(withoutQuery(url), definitions.withoutQuery(url), url);
  }
  assert.equal(originOf('HTTPS://Records.Example.NHS.UK:8443/a?b#c'), 'https://records.example.nhs.uk:8443');
  assert.equal(withoutQuery('https://a.test/x/y?z=1#top'), 'https://a.test/x/y');
});

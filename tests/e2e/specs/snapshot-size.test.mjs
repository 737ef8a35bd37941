// snapshot.js's fitToSize and fitJSON on their own (no browser: the file touches the DOM only in
// build()). fitToSize skips JSON.stringify when a cheap upper bound of the message's size is within
// the cap; fitJSON measures the text it makes. Neither may let a message over the cap through, nor
// cut one the exact measure would keep whole.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { REPO } from '../harness.mjs';

const context = vm.createContext({ TextEncoder });
vm.runInContext(fs.readFileSync(path.join(REPO, 'extension', 'snapshot.js'), 'utf8'), context);
const { fitToSize, fitJSON } = context.rgSnapshot;

const bytes = (message) => new TextEncoder().encode(JSON.stringify(message)).length;

/** fitToSize as it was before the bound: measure the JSON every time. */
function fitExactly(message, maxBytes) {
  const { snapshot } = message;
  while (bytes(message) > maxBytes) {
    const total = snapshot.forms.reduce((sum, form) => sum + form.fields.length, 0);
    if (total === 0) {
      snapshot.text = '';
      break;
    }
    let drop = Math.ceil(total / 10);
    for (let i = snapshot.forms.length - 1; i >= 0 && drop > 0; i--) {
      const removed = Math.min(drop, snapshot.forms[i].fields.length);
      snapshot.forms[i].fields.length -= removed;
      drop -= removed;
    }
    snapshot.forms = snapshot.forms.filter((form) => form.fields.length > 0);
    snapshot.truncated = true;
  }
  return message;
}

// Characters whose JSON is longer than themselves (escapes, non-ASCII, a lone surrogate).
const CHARS = ['a', 'Z', ' ', '"', '\\', '\n', '\u0001', 'é', '€', '😀', '\ud800'];
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const text = (max) => Array.from({ length: Math.floor(random() * max) }, () => CHARS[Math.floor(random() * CHARS.length)]).join('');
const field = () => ({
  tag: 'input', type: text(10), name: text(200), id: text(200), autocomplete: text(20), role: text(20),
  label: text(200), placeholder: text(200), visible: random() < 0.5, checked: random() < 0.5 ? null : true,
});
function message() {
  const forms = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
    action: random() < 0.3 ? null : text(300), method: 'post', fields: Array.from({ length: Math.floor(random() * 60) }, field),
  }));
  return { type: 'snapshot', snapshot: { url: text(500), title: text(200), text: text(2000), truncated: false, forms, frames: [text(100)] } };
}

// 400 random messages, each with a cap from 30% to 130% of its size: `a`, a copy to cut, with its
// `elements` (index for index), and `b`, what measuring every time keeps.
function* cases() {
  for (let i = 0; i < 400; i++) {
    const original = message();
    const maxBytes = Math.floor(bytes(original) * (0.3 + random()));
    const a = structuredClone(original);
    const elements = a.snapshot.forms.map((form) => form.fields.map((_, j) => j));
    yield { i, maxBytes, a, elements, b: fitExactly(structuredClone(original), maxBytes) };
  }
}

test('fitToSize keeps exactly what measuring every time keeps, and never passes the cap', () => {
  for (const { i, maxBytes, a, elements, b } of cases()) {
    fitToSize(a, elements, maxBytes);
    assert.deepEqual(a, b, `message ${i}, cap ${maxBytes}`);
    if (a.snapshot.forms.some((form) => form.fields.length > 0)) assert.ok(bytes(a) <= maxBytes);
    assert.deepEqual(elements.map((list) => list.length), a.snapshot.forms.map((form) => form.fields.length));
  }
});

test('fitJSON gives the JSON of what measuring every time keeps, and never passes the cap', () => {
  for (const { i, maxBytes, a, elements, b } of cases()) {
    const json = fitJSON(a, elements, maxBytes);
    assert.equal(json, JSON.stringify(b), `message ${i}, cap ${maxBytes}`);
    assert.deepEqual(a, b, 'the message itself is cut as its text is');
    if (b.snapshot.forms.some((form) => form.fields.length > 0)) assert.ok(new TextEncoder().encode(json).length <= maxBytes);
    assert.deepEqual(elements.map((list) => list.length), a.snapshot.forms.map((form) => form.fields.length));
  }
});

// The pages `cargo xtask bench` loads, made in memory: a plain article (no password field), a sign-in
// page, and generated login pages of a given number of elements and inputs. Static HTML with no
// scripts of their own, so every millisecond of script time on them is the extension's.

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const STYLE = `<style>
body { font: 16px/1.5 Arial, sans-serif; margin: 0; color: #1f2933; }
header, footer { background: #f3f4f6; padding: 12px 24px; }
main { max-width: 48rem; margin: 0 auto; padding: 24px; }
label { display: block; margin-top: 12px; font-weight: bold; }
input[type=text], input[type=email], input[type=password] { display: block; padding: 6px; width: 20rem; }
.grid { display: flex; flex-wrap: wrap; gap: 4px; }
.cell { padding: 2px 4px; border: 1px solid #ddd; }
</style>`;

const LOREM = 'Primary care services are changing, and more people now see their records online. '
  + 'Read how appointments, prescriptions and test results are shown, and who can see them. ';

function document({ title, body }) {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>${STYLE}</head>
<body>${body}</body></html>
`;
}

function chrome(main) {
  const nav = ['Home', 'Services', 'News', 'Contact', 'About us'].map((n) => `<li><a href="#${n}">${n}</a></li>`).join('');
  return `<header><nav><ul>${nav}</ul></nav></header><main>${main}</main>
<footer><p>Bench fixture page. Nothing here is real.</p></footer>`;
}

/** A news article: headings, paragraphs, a list and a figure; no form and no password field. */
export function article() {
  const sections = Array.from({ length: 12 }, (_, i) => `<section><h2>Part ${i + 1}</h2>
<p>${LOREM.repeat(3)}</p><p>${LOREM.repeat(2)}</p>
<ul>${Array.from({ length: 5 }, (_, j) => `<li>Point ${j + 1} of part ${i + 1}</li>`).join('')}</ul></section>`).join('\n');
  return document({ title: 'Local news: records online', body: chrome(`<article><h1>Seeing your records online</h1>${sections}</article>`) });
}

function loginForm() {
  return `<form action="/signin" method="post">
<h1>Sign in to your online services</h1>
<label for="email">Email address</label><input type="email" id="email" name="email" autocomplete="username">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password">
<p><input type="checkbox" id="remember" name="remember"> <label for="remember" style="display:inline">Keep me signed in</label></p>
<button type="submit">Continue</button>
<p><a href="#forgot">Forgotten your password?</a></p>
</form>`;
}

/** A sign-in page of a GP surgery's online services. */
export function login() {
  return document({ title: 'Sign in – online services', body: chrome(`${loginForm()}<p>${LOREM}</p>`) });
}

/**
 * A sign-in page grown to about `elements` elements, `inputs` of them labelled inputs (text inputs
 * and checkboxes in a second, long form), the rest a grid of cells.
 */
export function large({ elements, inputs }) {
  const fixed = 40; // the head, header, footer and the sign-in form
  const perInput = 3; // <p>, <label>, <input>
  const fieldCount = Math.max(0, inputs - 3); // the sign-in form has three
  const fields = Array.from({ length: fieldCount }, (_, i) => {
    const type = i % 5 === 4 ? 'checkbox' : 'text';
    return `<p><label for="f${i}">Question ${i + 1}</label><input type="${type}" id="f${i}" name="f${i}"></p>`;
  }).join('');
  const cells = Math.max(0, elements - fixed - fieldCount * perInput);
  const rows = [];
  for (let i = 0; i < cells; i += 10) {
    const n = Math.min(10, cells - i) - 1; // one <div> row holds up to nine <span> cells
    rows.push(`<div class="grid">${Array.from({ length: Math.max(0, n) }, (_, j) => `<span class="cell">${i + j}</span>`).join('')}</div>`);
  }
  const body = chrome(`${loginForm()}<form action="/answers" method="post"><h2>Your answers</h2>${fields}</form>${rows.join('\n')}`);
  return document({ title: `Sign in – ${elements} elements`, body });
}

/** The pages loaded with and without the extension (bench.mjs "page load", ab.mjs, trace.mjs). */
export const LOAD_PAGES = [
  { name: 'article', what: 'plain article (no password field)', html: article() },
  { name: 'login', what: 'sign-in page', html: login() },
  { name: 'login-3500', what: '3,500-element sign-in page, 175 inputs', html: large({ elements: 3500, inputs: 175 }) },
  { name: 'login-10000', what: '10,000-element sign-in page, 500 inputs', html: large({ elements: 10_000, inputs: 500 }) },
];

/** An empty page for running code (the core, zxcvbn.js) in the browser. */
export function lab() {
  return document({ title: 'Bench lab', body: '<main><h1>Bench lab</h1></main>' });
}

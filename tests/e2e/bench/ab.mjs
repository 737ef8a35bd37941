// A/B of the extension's script time on one bench page: two builds side by side, loads
// alternating between them (a development aid, like trace.mjs; not part of `cargo xtask bench`).
//
//   node bench/ab.mjs --a dist/chromium --b /tmp/other-dist [--page login] [--loads 25]

import http from 'node:http';
import path from 'node:path';
import { delay, launchBrowser } from '../harness.mjs';
import * as pages from './pages.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const PAGE = option('page', 'login');
const LOADS = Number(option('loads', '25'));
const SETTLE_MS = 700;
const HTML = {
  article: () => pages.article(),
  login: () => pages.login(),
  'login-3500': () => pages.large({ elements: 3500, inputs: 175 }),
  'login-10000': () => pages.large({ elements: 10_000, inputs: 500 }),
}[PAGE]();

const QUIET_MS = Number(option('quiet', '300')); // before each load: the last page's process winds down

async function scriptMs(context, url) {
  await delay(QUIET_MS);
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load' });
    await delay(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map(({ name, value }) => [name, value * 1000]));
    // ScriptDuration is wall time, inflated whenever the busy machine preempts the renderer;
    // ThreadTime is the main thread's CPU time (the page's own work included, the same for A and B).
    return { script: m.ScriptDuration, thread: m.ThreadTime, compile: m.V8CompileDuration };
  } finally {
    await page.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(HTML));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://localhost:${server.address().port}/page.html`;
const builds = Object.fromEntries(['a', 'b', 'c', 'd'].map((k) => [k, option(k, k === 'a' ? 'dist/chromium' : null)]).filter(([, v]) => v));
const browsers = {};
for (const [k, dist] of Object.entries(builds)) if (dist) browsers[k] = await launchBrowser({ dist: path.resolve(dist) });
const times = Object.fromEntries(Object.keys(browsers).map((k) => [k, []]));
try {
  for (const b of Object.values(browsers)) await scriptMs(b.context, `${url}?warm`);
  for (let i = 0; i < LOADS; i++) {
    const order = i % 2 ? Object.keys(browsers).reverse() : Object.keys(browsers);
    for (const k of order) times[k].push(await scriptMs(browsers[k].context, `${url}?${i}`));
  }
  for (const [k, runs] of Object.entries(times)) {
    const show = (metric) => {
      const xs = runs.map((r) => r[metric]);
      const s = [...xs].sort((x, y) => x - y);
      return `${metric} ${median(xs).toFixed(2)} (${s[Math.floor(s.length / 4)].toFixed(2)}–${s[Math.floor((3 * s.length) / 4)].toFixed(2)})`;
    };
    console.log(`${k} ${builds[k]}: ${['script', 'thread', 'compile'].map(show).join(', ')} ms, median (quartiles)`);
  }
} finally {
  for (const b of Object.values(browsers)) await b.close();
  server.close();
}

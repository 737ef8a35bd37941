// A/B of the extension's script time on one bench page: two builds side by side, loads
// alternating between them (a development aid, like trace.mjs; not part of `cargo xtask bench`).
//
//   node bench/ab.mjs --a dist/chromium --b /tmp/other-dist [--c …] [--d …] [--page login] [--loads 25]
//                     [--clock cpu|wall] [--metric script|load] [--quiet 300] [--settle 700] [--instances 1]
//
// Script time on the main thread's CPU clock unless `--clock wall` (bench.mjs, loadOnce); with
// `--metric load`, the load event instead. Each build is also compared with the last one given,
// load by load (the loads of a round are side by side): the median of those differences with its
// 95% interval (bootstrap), and in how many rounds the build was the faster. `--quiet`: the wait
// before each load; `--settle`: after its load event, before the metrics are read (the script
// time needs the extension's work after the load; the load event does not, and `--settle 0` makes
// hundreds of loads affordable). `--instances`: the rounds split into that many blocks, each in
// browsers launched anew (below).

import path from 'node:path';
import { delay, launchBrowser } from '../harness.mjs';
import { blockStarts, CPU_CLOCK, loadOnce, median, option, QUIET_MS as BENCH_QUIET_MS, servePage, SETTLE_MS, WALL_CLOCK } from './bench.mjs';
import { LOAD_PAGES } from './pages.mjs';

const PAGE = option('page', 'login');
const LOADS = Number(option('loads', '25'));
const QUIET_MS = Number(option('quiet', String(BENCH_QUIET_MS))); // before each load (bench.mjs QUIET_MS)
const SETTLE = Number(option('settle', String(SETTLE_MS))); // after each load event (bench.mjs SETTLE_MS)
const INSTANCES = Math.max(1, Number(option('instances', '1'))); // browsers launched anew this many times
const CLOCK = option('clock', 'cpu') === 'wall' ? WALL_CLOCK : CPU_CLOCK;
const METRIC = option('metric', 'script') === 'load' ? 'loadMs' : 'scriptMs';
const HTML = LOAD_PAGES.find((p) => p.name === PAGE).html;

/** A 95% interval of the median of `xs`, by resampling them (bootstrap, 2,000 times). */
function medianInterval(xs) {
  const medians = Array.from({ length: 2000 }, () => median(xs.map(() => xs[Math.floor(Math.random() * xs.length)])));
  medians.sort((x, y) => x - y);
  return [medians[50], medians[1949]];
}

async function measure(context, url) {
  await delay(QUIET_MS);
  return (await loadOnce(context, url, { clock: CLOCK, settleMs: SETTLE }))[METRIC];
}

const server = await servePage(HTML);
const { url } = server;
const builds = Object.fromEntries(['a', 'b', 'c', 'd'].map((k) => [k, option(k, k === 'a' ? 'dist/chromium' : null)]).filter(([, v]) => v));
const browsers = {};
const times = Object.fromEntries(Object.keys(builds).map((k) => [k, []]));
// Each block of rounds in browsers of its own: one browser's instance can be faster or slower than
// another's all along (the same build in two browsers differed by −0.75 and +1.10 ms in two runs of
// 200 load events), which more loads in the same browsers do not average out.
const starts = blockStarts(LOADS, INSTANCES);
async function launchAll() {
  for (const b of Object.values(browsers)) await b.close();
  for (const [k, dist] of Object.entries(builds)) browsers[k] = await launchBrowser({ dist: path.resolve(dist) });
  for (const b of Object.values(browsers)) await measure(b.context, `${url}?warm`);
}
try {
  for (let i = 0; i < LOADS; i++) {
    if (starts.includes(i)) await launchAll();
    const order = i % 2 ? Object.keys(browsers).reverse() : Object.keys(browsers);
    for (const k of order) times[k].push(await measure(browsers[k].context, `${url}?${i}`));
  }
  for (const [k, xs] of Object.entries(times)) {
    const s = [...xs].sort((x, y) => x - y);
    console.log(`${k} ${builds[k]}: median ${median(xs).toFixed(2)} ms, quartiles ${s[Math.floor(s.length / 4)].toFixed(2)}–${s[Math.floor((3 * s.length) / 4)].toFixed(2)}`);
  }
  const keys = Object.keys(times);
  const last = keys.at(-1);
  for (const k of keys.slice(0, -1)) {
    const differences = times[k].map((x, i) => x - times[last][i]);
    const faster = differences.filter((d) => d < 0).length;
    const [low, high] = medianInterval(differences);
    console.log(
      `${k} − ${last}, load by load: median ${median(differences).toFixed(2)} ms (95% interval ${low.toFixed(2)} to ${high.toFixed(2)}); ${k} faster in ${faster} of ${differences.length}`,
    );
    if (INSTANCES > 1) {
      const each = starts.map((start, b) => median(differences.slice(start, starts[b + 1] ?? LOADS)).toFixed(2));
      console.log(`  the same, browsers by browsers (${INSTANCES} launches): ${each.join(', ')} ms`);
    }
  }
} finally {
  for (const b of Object.values(browsers)) await b.close();
  await server.close();
}

// Where the extension's script time on a page goes: a development aid beside bench.mjs, not part
// of `cargo xtask bench`. It loads one of the bench pages (pages.mjs) with the built extension a
// number of times under a Chromium trace and sums, for the page's renderer main thread, the time
// of each top-level script task (by script) and what ran inside it (compilation, style, layout,
// garbage collection, …).
//
//   node bench/trace.mjs [--page login|login-3500|login-10000|article] [--loads 20] [--out trace.json]
//   node bench/trace.mjs --from trace.json [--loads 20]   (the report of a saved trace)

import fs from 'node:fs';
import { delay, launchBrowser } from '../harness.mjs';
import { browserSession } from '../worker.mjs';
import { option, servePage, SETTLE_MS } from './bench.mjs';
import { LOAD_PAGES } from './pages.mjs';

const PAGE = option('page', 'login');
const LOADS = Number(option('loads', '20'));
const OUT = option('out', null);
const HTML = LOAD_PAGES.find((p) => p.name === PAGE).html;

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'blink',
  'toplevel',
];

// Events that start script on the main thread, and how to name their script.
const SCRIPT_ROOTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.callFunction', 'v8.run', 'TimerFire',
  'FireAnimationFrame', 'EventDispatch', 'v8.evaluateModule', 'V8.Execute', 'v8.compile', 'MajorGC', 'MinorGC']);

function scriptOf(event) {
  const d = event.args?.data ?? {};
  const url = d.url ?? d.scriptName ?? d.stackTrace?.[0]?.url ?? '';
  const name = url ? url.replace(/^chrome-extension:\/\/[a-z]+\//, 'ext:').replace(/^http:\/\/localhost:\d+/, '') : '';
  return `${event.name}${d.functionName ? ` ${d.functionName}` : ''}${name ? ` ${name}` : ''}${d.type ? ` (${d.type})` : ''}`;
}

async function main() {
  const from = option('from', null);
  if (from) return report(JSON.parse(fs.readFileSync(from, 'utf8')), []);
  const server = await servePage(HTML);
  const { url } = server;
  const b = await launchBrowser();
  const cdp = await browserSession(b.context);
  const chunks = [];
  cdp.on('Tracing.dataCollected', ({ value }) => chunks.push(...value));
  const done = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  try {
    // Warm the browser (first navigation, the worker's wasm).
    const warm = await b.context.newPage();
    await warm.goto(url, { waitUntil: 'load' });
    await delay(1500);
    await warm.close();
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
    const metrics = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await b.context.newPage();
      const session = await b.context.newCDPSession(page);
      await session.send('Performance.enable');
      await page.goto(`${url}?load=${i}`, { waitUntil: 'load' });
      await delay(SETTLE_MS);
      const m = Object.fromEntries((await session.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
      metrics.push(m.ScriptDuration * 1000);
      await page.close();
    }
    await cdp.send('Tracing.end');
    await done;
    if (OUT) fs.writeFileSync(OUT, JSON.stringify(chunks));
    report(chunks, metrics);
  } finally {
    await b.close();
    await server.close();
  }
}

function report(events, metrics) {
  // Renderer main threads.
  // Renderer main threads of web pages (not the extension's, nor a WebUI page's).
  const renderers = new Set(events.filter((e) => e.name === 'process_name' && e.args?.name === 'Renderer').map((e) => e.pid));
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && renderers.has(e.pid)).map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key) || (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E')) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const roots = new Map(); // script label → µs
  const inside = new Map(); // event name → self µs inside script roots
  const perLoad = []; // { wall, cpu } µs of script per renderer (one per load)
  for (const list of byThread.values()) {
    const load = { wall: 0, cpu: 0 };
    perLoad.push(load);
    // Turn B/E pairs into complete events.
    const complete = [];
    const open = [];
    for (const e of list.sort((a, b) => a.ts - b.ts)) {
      if (e.ph === 'X') complete.push(e);
      else if (e.ph === 'B') open.push(e);
      else {
        const b = open.pop();
        if (b) complete.push({ ...b, ph: 'X', dur: e.ts - b.ts });
      }
    }
    complete.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of complete) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      e.children = 0;
      e.root = parent?.root ?? (SCRIPT_ROOTS.has(e.name) ? e : null);
      if (parent) parent.children += e.dur ?? 0;
      if (e.root === e) e.label = scriptOf(e);
      // A root without a script of its own (a callback) is named by the first script inside it.
      else if (e.root && !e.root.named && /ext:|\.js/.test(scriptOf(e))) {
        e.root.label = `${e.root.label} → ${scriptOf(e)}`;
        e.root.named = true;
      }
      stack.push(e);
    }
    for (const e of complete) {
      if (e.root === e) {
        roots.set(e.label, (roots.get(e.label) ?? 0) + (e.dur ?? 0));
        load.wall += e.dur ?? 0;
        load.cpu += e.tdur ?? e.dur ?? 0;
      }
      if (!e.root) continue;
      const self = Math.max(0, (e.dur ?? 0) - e.children);
      inside.set(e.name, (inside.get(e.name) ?? 0) + self);
    }
  }
  const show = (map, title) => {
    console.log(`\n${title} (ms per load, ${LOADS} loads)`);
    const rows = [...map].sort((a, b) => b[1] - a[1]).filter(([, us]) => us / LOADS >= 0.01);
    for (const [name, us] of rows.slice(0, 40)) console.log(`${(us / 1000 / LOADS).toFixed(3).padStart(8)}  ${name}`);
    console.log(`${([...map.values()].reduce((a, b) => a + b, 0) / 1000 / LOADS).toFixed(3).padStart(8)}  total`);
  };
  show(roots, 'top-level script tasks');
  const loads = perLoad.filter((l) => l.wall > 0);
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] / 1000;
  // Thread time (CPU) is not inflated when the machine is busy, wall time is.
  console.log(`\nscript per load (${loads.length} renderers): median wall ${mid(loads.map((l) => l.wall)).toFixed(2)} ms, median thread (CPU) ${mid(loads.map((l) => l.cpu)).toFixed(2)} ms`);
  show(inside, 'self time inside them, by event');
  if (metrics.length === 0) return;
  const sorted = [...metrics].sort((a, b) => a - b);
  console.log(`\nScriptDuration per load: median ${sorted[sorted.length >> 1].toFixed(2)} ms (min ${sorted[0].toFixed(2)}, max ${sorted.at(-1).toFixed(2)})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

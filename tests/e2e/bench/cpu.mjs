// Where a page load's CPU goes outside the page's own scripts: for each build, the CPU time each
// of its browser's threads spent from opening a tab to the page's load event, summed by process
// type and thread name (the browser's UI thread, the page's renderer, the extension's service
// worker thread, …). A development aid beside ab.mjs and trace.mjs, not part of `cargo xtask
// bench`. Builds side by side, loads alternating as in ab.mjs; the last one given is the baseline
// (the empty extension when none is given).
//
//   node bench/cpu.mjs [--a dist/chromium] [--b …] [--c …] [--d …] [--page login] [--loads 30]
//
// Why: a page's load event moves by a millisecond or two with the extension, inside a spread of
// 5–10 ms a load, so an A/B of load events needs hundreds of loads to see a change. The CPU time
// the extension's processes and the browser spend while the page loads is that spread's cause on a
// 2-core machine, and it adds up load by load with far less noise. Linux only: it reads each
// thread's time on a processor from /proc/<pid>/task/<tid>/schedstat (nanoseconds). Processes that
// end during a load (a tab's renderer when it closes) are counted only while they live.

import fs from 'node:fs';
import path from 'node:path';
import { delay, launchBrowser } from '../harness.mjs';
import { emptyExtension, option, QUIET_MS, servePage } from './bench.mjs';
import { LOAD_PAGES } from './pages.mjs';

const PAGE = option('page', 'login');
const LOADS = Number(option('loads', '30'));
const HTML = LOAD_PAGES.find((p) => p.name === PAGE).html;

/** Every process's pid, parent and arguments (Chromium's children rewrite theirs into one string). */
function processes() {
  const all = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      all.push({ pid: Number(pid), ppid, args });
    } catch {
      // it ended as we read it
    }
  }
  return all;
}

/** The browser started on `userDataDir`, and all its descendants. */
function browserProcesses(userDataDir) {
  const all = processes();
  const root = all.find((p) => p.args.includes(`--user-data-dir=${userDataDir}`) && !p.args.some((a) => a.startsWith('--type=')));
  if (!root) throw new Error(`no browser process for ${userDataDir}`);
  const tree = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (tree.has(p.pid) || !tree.has(p.ppid)) continue;
      tree.add(p.pid);
      grew = true;
    }
  }
  return all.filter((p) => tree.has(p.pid));
}

/** 'browser', 'renderer', 'renderer (extension)', 'gpu-process', 'utility NetworkService', … */
function kindOf({ args }) {
  const type = args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
  const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.replace(/^.*\./, '').replace(/\.mojom$/, '');
  if (args.includes('--extension-process')) return `${type} (extension)`;
  return sub ? `${type} ${sub}` : type;
}

/** Nanoseconds on a processor so far, by `${pid} ${kind}: ${thread name}` (numbers dropped from names). */
function cpuNow(userDataDir) {
  const threads = new Map();
  for (const p of browserProcesses(userDataDir)) {
    let tids = [];
    try {
      tids = fs.readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue; // it ended
    }
    for (const tid of tids) {
      try {
        const name = fs.readFileSync(`/proc/${p.pid}/task/${tid}/comm`, 'utf8').trim().replace(/\d+$/, '');
        const ns = Number(fs.readFileSync(`/proc/${p.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        const key = `${p.pid} ${kindOf(p)}: ${name}`;
        threads.set(key, (threads.get(key) ?? 0) + ns);
      } catch {
        // it ended
      }
    }
  }
  return threads;
}

const server = await servePage(HTML);
const { url } = server;
// The built extension by default (harness.mjs: RG_DIST, else the repository's dist/chromium).
const given = ['a', 'b', 'c', 'd'].map((k) => option(k, null)).filter(Boolean);
if (given.length === 0) given.push(process.env.RG_DIST ?? path.join(import.meta.dirname, '..', '..', '..', 'dist', 'chromium'));
const empty = given.length > 1 ? null : emptyExtension(); // the baseline when only one build is given
const dists = empty ? [...given, empty] : given;
const names = dists.map((d, i) => `${String.fromCharCode(97 + i)} ${path.basename(d)}`);
const browsers = [];
try {
  for (const dist of dists) browsers.push(await launchBrowser({ dist: path.resolve(dist) }));
  const spent = browsers.map(() => new Map()); // by process kind and thread name: ns over all loads
  for (const b of browsers) {
    const warm = await b.context.newPage();
    await warm.goto(`${url}?warm`, { waitUntil: 'load' });
    await warm.close();
  }
  for (let i = 0; i < LOADS; i++) {
    const order = i % 2 ? [...browsers.keys()].reverse() : [...browsers.keys()];
    for (const k of order) {
      const { context, userDataDir } = browsers[k];
      await delay(QUIET_MS);
      const before = cpuNow(userDataDir);
      const page = await context.newPage();
      await page.goto(`${url}?${i}`, { waitUntil: 'load' });
      for (const [key, ns] of cpuNow(userDataDir)) {
        if (!before.has(key)) continue; // a process started during the load: not comparable
        const what = key.slice(key.indexOf(' ') + 1);
        spent[k].set(what, (spent[k].get(what) ?? 0) + ns - before.get(key));
      }
      await page.close();
    }
    process.stderr.write(`  load ${i + 1}/${LOADS}\r`);
  }
  process.stderr.write('\n');
  const ms = (k, what) => (spent[k].get(what) ?? 0) / LOADS / 1e6;
  const rows = [...new Set(spent.flatMap((m) => [...m.keys()]))].sort((x, y) => ms(0, y) - ms(0, x));
  console.log(`CPU ms per load, from opening the tab to the load event (${PAGE}, ${LOADS} loads each)`);
  console.log(`${names.map((n) => n.slice(0, 10).padStart(10)).join(' ')}  process: thread`);
  for (const what of rows) {
    if (spent.every((_, k) => ms(k, what) < 0.3)) continue;
    console.log(`${spent.map((_, k) => ms(k, what).toFixed(2).padStart(10)).join(' ')}  ${what}`);
  }
  const total = (k) => [...spent[k].values()].reduce((a, b) => a + b, 0) / LOADS / 1e6;
  console.log(`${spent.map((_, k) => total(k).toFixed(2).padStart(10)).join(' ')}  all threads`);
  names.forEach((n, k) => console.log(`${n}: ${dists[k]}`));
} finally {
  for (const b of browsers) await b.close();
  await server.close();
  if (empty) fs.rmSync(empty, { recursive: true, force: true });
}

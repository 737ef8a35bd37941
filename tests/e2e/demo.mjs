// `cargo xtask run`: the built extension in Chromium against the local fixture sites.
// Headful when a display is available (DISPLAY set): the browser stays open until you close it.
// Headless otherwise: screenshots go to target/demo-*.png (paths printed), then it exits.
//
//   node demo.mjs            (RG_DIST to pick another unpacked build, RG_PORT to fix the port)

import fs from 'node:fs';
import path from 'node:path';
import { REPO, launchBrowser, panelOf, poll, tabIdOf, waitForFindings } from './harness.mjs';

const PAGES = [
  ['surgery', 'http://records.mysurgery.test/'],
  ['portal', 'https://access.login.nhs.uk/'],
];

const headless = !process.env.DISPLAY;
const port = process.env.RG_PORT ? Number(process.env.RG_PORT) : undefined;
const browser = await launchBrowser({ headless, port });
console.log(`extension ${browser.extensionId} loaded from ${browser.dist}`);
console.log(`test sites on 127.0.0.1:${browser.server.port} (http and https)`);

try {
  const shots = [];
  for (const [name, url] of PAGES) {
    const page = await browser.context.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(browser.sw, url);
    const verdict = await waitForFindings(browser.sw, tabId, (v) => v.url === url).catch(() => null);
    console.log(`${url}: ${verdict ? `${verdict.status} [${verdict.findings.map((f) => f.code).join(', ')}]` : 'no findings yet'}`);
    if (headless) {
      if (verdict && verdict.status !== 'none' && verdict.status !== 'safe') {
        // Give the in-page warning a moment to appear before the picture.
        await poll(() => panelOf(page), (p) => p.found && p.visible, { timeout: 2_000 }).catch(() => {});
      }
      const file = path.join(REPO, 'target', `demo-${name}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file });
      shots.push(file);
    }
  }
  if (headless) {
    for (const f of shots) console.log(`screenshot: ${f}`);
  } else {
    // Drop the initial about:blank tab and wait for the person to close the browser.
    for (const p of browser.context.pages()) if (p.url() === 'about:blank') await p.close().catch(() => {});
    console.log('close the browser window to stop');
    await new Promise((resolve) => browser.context.once('close', resolve));
  }
} finally {
  await browser.close();
}

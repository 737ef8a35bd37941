// The floor: Records Guard's pipeline on a sign-in page (docs/INTERNALS.md "Wiring") with the least
// code each step can have, to measure what the design itself costs a page against what the
// extension's own code adds (docs/PERFORMANCE.md, "The floor"). The same steps, in the same kind
// of calls: after the page's load, a sensor asks whether it has a password field; if so, a page
// script is added, its first snapshot is read back as JSON text, and a verdict with its words goes
// in to draw a panel in a closed shadow root. No analysis: the verdict is made up. Never shipped.
//
//   node bench/ab.mjs --a ../../dist/chromium --b bench/floor
chrome.tabs.onUpdated.addListener(async (tabId, info, tab) => {
  if (info.status !== 'complete' || !tab.url?.startsWith('http')) return;
  const target = { tabId, frameIds: [0] };
  const run = async (details) => (await chrome.scripting.executeScript({ target, injectImmediately: true, ...details }))[0]?.result;
  if ((await run({ files: ['sensor.js'] })) !== 'login') return;
  await run({ files: ['page.js'] });
  const snapshot = JSON.parse(await run({ func: () => globalThis.benchFloor.snapshot() }));
  const words = JSON.stringify({
    title: 'Take care on this page',
    body: `This page is not secure. It has ${snapshot.fields.length} fields.`,
    items: ['Do not tick "keep me signed in".', 'Check the address.'],
    button: 'Close',
  });
  await run({ func: (text) => globalThis.benchFloor.render(JSON.parse(text)), args: [words] });
});

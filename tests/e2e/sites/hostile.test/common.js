// Shared by the hostile pages (tests/e2e/specs/hostile.test.mjs): the page's own button, which the
// test clicks to show the page stays usable, and a place for the page to report what it saw.
window.report = { clicks: 0 };
// Once: a page may fake this event.
document.addEventListener('DOMContentLoaded', () => {
  const button = document.getElementById('page-button');
  button?.addEventListener('click', () => {
    window.report.clicks += 1;
    document.getElementById('clicks').textContent = String(window.report.clicks);
  });
}, { once: true });

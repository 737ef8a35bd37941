// Words for the extension pages. Every element with data-i18n="key" gets its text from _locales.

export const t = (key, substitutions) => globalThis.rg.i18n.getMessage(key, substitutions);

export function localisePage() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

/** A finding's locale text, e.g. findingText("finding", "remember-me", "title"). */
export const findingText = (area, code, part) =>
  t(globalThis.RG_MESSAGES.localeKey(area, code, part));

// Words for the extension pages. Every element with data-i18n="key" gets its text from _locales;
// data-i18n-aria-label="key" sets its aria-label. The page's `lang` follows the locale the words
// actually come from (the `locale_lang` message), so a Welsh locale marks its pages as Welsh.

export const t = (key, substitutions) => globalThis.rg.i18n.getMessage(key, substitutions);

export function localisePage(root = document) {
  const lang = t('locale_lang');
  if (lang && root === document) document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
}

/** A finding's locale text, e.g. findingText("finding", "remember-me", "title"). */
export const findingText = (area, code, part) =>
  t(globalThis.RG_MESSAGES.localeKey(area, code, part));

/**
 * An element with text: el('p', { className: 'note', 'aria-hidden': 'true' }, 'words', child, ...).
 * Props with a "-" in their name are attributes; the others are properties. Text is always text.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.includes('-')) node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== ''));
  return node;
}

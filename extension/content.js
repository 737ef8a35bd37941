// The content script (top frame, document_start): a cheap sensor, the snapshot extractor and the
// in-page warning panel. It observes and renders; the service worker decides (docs/INTERNALS.md).
// On a page without a password field it does one querySelector after DOMContentLoaded, and a
// throttled MutationObserver repeats only that.
(() => {
  'use strict';

  const rg = globalThis.rg;
  const { SNAPSHOT, RENDER, MAX_MESSAGE_BYTES, caps, localeKey } = globalThis.RG_MESSAGES;

  const CHECK_INTERVAL_MS = 500;
  const ANSWER_WAIT_MS = 3000; // after this, a snapshot with no verdict counts as lost
  const FRAME_WAIT_MS = 250;
  const WAITING_FOR_FRAME = -1;
  const TEXT_NODES_VISITED = 3000; // bounds the page-text sample's walk
  const HEADING_CHARS = 300;
  const NEIGHBOUR_STEPS = 2; // siblings looked at for a label of last resort
  const NEIGHBOUR_CHILDREN = 10; // bigger siblings or parents are layout, not labels
  const PASSWORD_FIELD = 'input[type=password]';
  const HEADINGS = 'h1, h2, h3, [role=heading], legend';
  const FIELD_TAGS = new Set(['input', 'select', 'textarea', 'button']);
  const FIELD_ROLES = new Set([
    'button', 'checkbox', 'switch', 'radio', 'textbox', 'searchbox', 'combobox', 'menuitemcheckbox',
  ]);
  const CHECKABLE_ROLES = new Set(['checkbox', 'switch', 'radio', 'menuitemcheckbox']);
  const FIELD_SELECTOR = [...FIELD_TAGS, ...[...FIELD_ROLES].map((role) => `[role~="${role}" i]`)].join(', ');
  const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'select', 'option', 'datalist']);
  const NO_TEXT_PARENTS = new Set([...NOT_TEXT, 'h1', 'h2', 'h3', 'legend']); // headings come first anyway
  const BANNER_SEVERITIES = ['danger', 'warning']; // most serious first
  const HOST_ATTRIBUTE = 'data-records-guard';

  // ---- DOM access that the page cannot redirect
  // A page can hide document and form members behind named elements (<img name="querySelector">,
  // <input name="action">), so those are always read through the prototypes.

  const method = (proto, name) => {
    const fn = proto[name];
    return fn ? (self, ...args) => Reflect.apply(fn, self, args) : null;
  };
  const getter = (proto, name) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    return get ? (self) => Reflect.apply(get, self, []) : (self) => self[name];
  };

  // The few members the cheap path needs. The rest (`dom`) is built on first use: touching the
  // Element and HTMLElement interfaces costs a page without a password field time it need not spend.
  const cheap = {
    query: method(Document.prototype, 'querySelector'),
    listen: method(EventTarget.prototype, 'addEventListener'),
    readyState: getter(Document.prototype, 'readyState'),
    url: getter(Document.prototype, 'URL'), // location.href, without building a Location here
  };

  const dom = {};
  function loadDom() {
    if (dom.tag) return;
    Object.assign(dom, cheap, {
      queryAll: method(Document.prototype, 'querySelectorAll'),
      byId: method(Document.prototype, 'getElementById'),
      fragmentById: method(DocumentFragment.prototype, 'getElementById'),
      create: method(Document.prototype, 'createElement'),
      walker: method(Document.prototype, 'createTreeWalker'),
      root: getter(Document.prototype, 'documentElement'),
      body: getter(Document.prototype, 'body'),
      title: getter(Document.prototype, 'title'),
      forms: getter(Document.prototype, 'forms'),
      nodeType: getter(Node.prototype, 'nodeType'),
      parent: getter(Node.prototype, 'parentNode'),
      next: getter(Node.prototype, 'nextSibling'),
      previous: getter(Node.prototype, 'previousSibling'),
      text: getter(Node.prototype, 'textContent'),
      baseURI: getter(Node.prototype, 'baseURI'),
      rootNode: method(Node.prototype, 'getRootNode'),
      tag: getter(Element.prototype, 'localName'),
      shadow: getter(Element.prototype, 'shadowRoot'),
      children: getter(Element.prototype, 'childElementCount'),
      attr: method(Element.prototype, 'getAttribute'),
      closest: method(Element.prototype, 'closest'),
      rects: method(Element.prototype, 'getClientRects'),
      box: method(Element.prototype, 'getBoundingClientRect'),
      checkVisibility: method(Element.prototype, 'checkVisibility'),
      focus: method(HTMLElement.prototype, 'focus'),
    });
  }

  const attr = (el, name) => dom.attr(el, name) ?? '';
  const isDocument = (node) => dom.nodeType(node) === Node.DOCUMENT_NODE;
  const cut = (text, max) => (text.length > max ? text.slice(0, max) : text);
  const clean = (text, max = caps.LABEL_CHARS) => cut(String(text ?? '').replace(/\s+/g, ' ').trim(), max);
  const currentUrl = () => cut(cheap.url(document), caps.URL_CHARS);
  const originOf = (url) => /^https?:\/\/[^/?#]*/i.exec(url)?.[0].toLowerCase();
  const pageWithoutQuery = (url) => /^[^?#]*/.exec(url)[0];

  // ---- visibility

  function isShown(el) {
    if (dom.checkVisibility) {
      return dom.checkVisibility(el, { visibilityProperty: true, checkVisibilityCSS: true });
    }
    return dom.rects(el).length > 0;
  }

  // Seen by a person: rendered, not zero-sized, not pushed off the page. Opacity is not checked:
  // styled checkboxes are often transparent inputs under a drawn box. A checkbox or radio whose
  // own input is hidden still counts when its label is shown.
  function isVisible(el, checkable, labels) {
    if (isShown(el)) {
      const box = dom.box(el);
      const offPage = box.right + scrollX <= 0 || box.bottom + scrollY <= 0;
      if (box.width >= 1 && box.height >= 1 && !offPage) return true;
    }
    return checkable && labels.some(isShown);
  }

  // ---- labels: the text a person sees next to a field

  function nativeLabel(el, tag, labels) {
    const ownText = tag === 'select' ? dom.text(el) : '';
    return labels.map((label) => dom.text(label).replace(ownText, '')).join(' ');
  }

  function labelledBy(el) {
    const ids = attr(el, 'aria-labelledby').split(/\s+/).filter(Boolean);
    if (ids.length === 0) return '';
    const root = dom.rootNode(el);
    const find = isDocument(root) ? dom.byId : dom.fragmentById;
    return ids.map((id) => { const target = find(root, id); return target ? dom.text(target) : ''; }).join(' ');
  }

  function ownText(el, tag) {
    if (tag === 'input') {
      if (['submit', 'button', 'reset'].includes(el.type)) return el.value; // a button's caption
      if (el.type === 'image') return attr(el, 'alt');
      return '';
    }
    return tag === 'select' || tag === 'textarea' ? '' : dom.text(el);
  }

  function neighbourText(node) {
    if (dom.nodeType(node) === Node.TEXT_NODE) return node.data;
    if (dom.nodeType(node) !== Node.ELEMENT_NODE) return '';
    const tag = dom.tag(node);
    if (FIELD_TAGS.has(tag) || NOT_TEXT.has(tag) || dom.children(node) > NEIGHBOUR_CHILDREN) return '';
    return dom.text(node);
  }

  // A label of last resort: the nearest text beside the field (after a checkbox, before other
  // fields), or beside its wrapper when the wrapper holds nothing else.
  function adjacentText(el, checkable) {
    const directions = checkable ? [dom.next, dom.previous] : [dom.previous, dom.next];
    const parent = dom.parent(el);
    const wrapper = parent && dom.nodeType(parent) === Node.ELEMENT_NODE && dom.children(parent) === 1;
    for (const start of wrapper ? [el, parent] : [el]) {
      for (const step of directions) {
        let node = start;
        for (let i = 0; i < NEIGHBOUR_STEPS && (node = step(node)); i++) {
          const text = clean(neighbourText(node));
          if (text) return text;
        }
      }
    }
    return '';
  }

  function labelText(el, tag, checkable, labels) {
    const candidates = [
      () => nativeLabel(el, tag, labels),
      () => labelledBy(el),
      () => attr(el, 'aria-label'),
      () => ownText(el, tag),
      () => attr(el, 'title'),
      () => adjacentText(el, checkable),
    ];
    for (const candidate of candidates) {
      const text = clean(candidate());
      if (text) return text;
    }
    return '';
  }

  // ---- the snapshot

  const queryAllIn = (root, selector) =>
    isDocument(root) ? dom.queryAll(root, selector) : root.querySelectorAll(selector);

  // field.labels searches the whole tree on every call; one pass over a tree's labels serves
  // all its fields.
  function labelsOf(el, walk) {
    const root = dom.rootNode(el);
    let index = walk.labels.get(root);
    if (!index) {
      index = new Map();
      for (const label of queryAllIn(root, 'label')) {
        const control = label.control;
        if (control) index.set(control, [...(index.get(control) ?? []), label]);
      }
      walk.labels.set(root, index);
    }
    return index.get(el) ?? [];
  }

  function fieldKind(el, tag) {
    if (FIELD_TAGS.has(tag)) return tag === 'input' && el.type === 'hidden' ? null : 'control';
    const roles = attr(el, 'role').toLowerCase().split(/\s+/);
    return roles.some((role) => FIELD_ROLES.has(role)) ? 'role' : null;
  }

  function describeField(el, tag, kind, walk, shown) {
    const isControl = kind === 'control';
    const labels = isControl ? labelsOf(el, walk) : [];
    const type = isControl ? (tag === 'textarea' ? 'textarea' : String(el.type).toLowerCase()) : '';
    const role = attr(el, 'role').trim().toLowerCase();
    const checkable =
      type === 'checkbox' || type === 'radio' || role.split(/\s+/).some((r) => CHECKABLE_ROLES.has(r));
    const ariaChecked = dom.attr(el, 'aria-checked');
    let checked = null;
    if (isControl && (type === 'checkbox' || type === 'radio')) checked = el.checked;
    else if (ariaChecked !== null) checked = ariaChecked.trim().toLowerCase() === 'true';
    return {
      tag,
      type,
      name: cut(attr(el, 'name'), caps.ATTRIBUTE_CHARS),
      id: cut(attr(el, 'id'), caps.ATTRIBUTE_CHARS),
      autocomplete: cut(attr(el, 'autocomplete').trim().toLowerCase(), caps.ATTRIBUTE_CHARS),
      role: cut(role, caps.ATTRIBUTE_CHARS),
      label: labelText(el, tag, checkable, labels),
      placeholder: cut(attr(el, 'placeholder'), caps.ATTRIBUTE_CHARS),
      visible: shown && isVisible(el, checkable, labels),
      checked,
    };
  }

  function formAction(form) {
    const action = attr(form, 'action').trim();
    const base = dom.baseURI(form);
    try {
      return cut(new URL(action || base, base).href, caps.URL_CHARS);
    } catch {
      return cut(action, caps.URL_CHARS);
    }
  }

  function formMethod(form) {
    const value = attr(form, 'method').trim().toLowerCase();
    return value === 'post' ? 'post' : value === 'dialog' ? '' : 'get';
  }

  function formRecord(el, kind, walk) {
    const form = kind === 'control' ? el.form : dom.closest(el, 'form');
    const key = form ?? walk.loose;
    let record = walk.forms.get(key);
    if (!record) {
      if (walk.forms.size >= caps.FORMS) return null;
      record = form
        ? { action: formAction(form), method: formMethod(form), fields: [] }
        : { action: null, method: '', fields: [] };
      walk.forms.set(key, record);
    }
    return record;
  }

  function addField(el, tag, kind, walk, shown) {
    const record = formRecord(el, kind, walk);
    if (!record || record.fields.length >= caps.FIELDS_PER_FORM || walk.fields >= caps.FIELDS_TOTAL) {
      walk.truncated = true;
      return;
    }
    record.fields.push(describeField(el, tag, kind, walk, shown));
    walk.fields += 1;
  }

  const isFrame = (node) => node instanceof HTMLIFrameElement || node instanceof HTMLFrameElement;

  function sameOriginDocument(frame) {
    try {
      return frame.contentDocument ?? null;
    } catch {
      return null;
    }
  }

  // A tree's fields in document order, then the trees inside it: open shadow roots (any element
  // may hold one, so every element is looked at) and same-origin frames.
  function walkFields(root, walk, depth, shown) {
    for (const el of queryAllIn(root, FIELD_SELECTOR)) {
      const tag = dom.tag(el);
      const kind = fieldKind(el, tag);
      if (kind) addField(el, tag, kind, walk, shown);
    }
    const doc = isDocument(root) ? root : root.ownerDocument;
    const elements = dom.walker(doc, root, NodeFilter.SHOW_ELEMENT);
    for (let el = elements.nextNode(); el; el = elements.nextNode()) {
      if (++walk.scanned > caps.ELEMENTS_SCANNED) {
        walk.truncated = true;
        return;
      }
      const shadow = dom.shadow(el);
      if (shadow) walkFields(shadow, walk, depth, shown);
    }
    if (depth >= caps.FRAME_DEPTH) return;
    for (const frame of queryAllIn(root, 'iframe, frame')) {
      const inner = sameOriginDocument(frame);
      if (inner) walkFields(inner, walk, depth + 1, shown && isShown(frame));
    }
  }

  function pageText() {
    const parts = [];
    let length = 0;
    const add = (text) => {
      if (text) {
        parts.push(text);
        length += text.length + 1;
      }
    };
    for (const heading of dom.queryAll(document, HEADINGS)) {
      if (length >= caps.TEXT_CHARS) break;
      if (isShown(heading)) add(clean(dom.text(heading), HEADING_CHARS));
    }
    const body = dom.body(document);
    if (body) {
      const texts = dom.walker(document, body, NodeFilter.SHOW_TEXT);
      let parent = null;
      let parentShown = false;
      for (let i = 0; i < TEXT_NODES_VISITED && length < caps.TEXT_CHARS; i++) {
        const node = texts.nextNode();
        if (!node) break;
        const text = clean(node.data, caps.TEXT_CHARS);
        if (!text) continue;
        if (node.parentNode !== parent) {
          parent = node.parentNode;
          parentShown = !NO_TEXT_PARENTS.has(dom.tag(parent)) && isShown(parent);
        }
        if (parentShown) add(text);
      }
    }
    return cut(parts.join('\n'), caps.TEXT_CHARS);
  }

  function buildSnapshot() {
    const walk = {
      forms: new Map(),
      loose: {}, // the key for fields outside any form
      labels: new Map(), // tree → (field → its labels)
      fields: 0,
      scanned: 0,
      truncated: false,
    };
    walkFields(document, walk, 0, true);
    return {
      url: currentUrl(),
      title: clean(dom.title(document), caps.TITLE_CHARS),
      text: pageText(),
      truncated: walk.truncated,
      forms: [...walk.forms.values()],
    };
  }

  function messageBytes(message) {
    const json = JSON.stringify(message);
    return json.length * 3 <= MAX_MESSAGE_BYTES ? json.length : new TextEncoder().encode(json).length;
  }

  // Fields are dropped from the end until the message fits the service worker's size cap.
  function fitToSize(message) {
    const { snapshot } = message;
    while (messageBytes(message) > MAX_MESSAGE_BYTES) {
      const total = snapshot.forms.reduce((sum, form) => sum + form.fields.length, 0);
      if (total === 0) {
        snapshot.text = '';
        break;
      }
      let drop = Math.ceil(total / 10);
      for (let i = snapshot.forms.length - 1; i >= 0 && drop > 0; i--) {
        const fields = snapshot.forms[i].fields;
        const removed = Math.min(drop, fields.length);
        fields.length -= removed;
        drop -= removed;
      }
      snapshot.forms = snapshot.forms.filter((form) => form.fields.length > 0);
      snapshot.truncated = true;
    }
    return message;
  }

  function sendSnapshot() {
    const message = fitToSize({ type: SNAPSHOT, snapshot: buildSnapshot() });
    awaiting = { url: message.snapshot.url, until: performance.now() + ANSWER_WAIT_MS };
    rg.runtime.sendMessage(message).catch(() => {}); // the worker replies nothing
  }

  // ---- the sensor: when to send a snapshot

  let ready = false;
  let portalPage = false; // the service worker recognised this page's URL as a records service
  let lastSignature = null; // null: not a page we report on
  let timer = 0;
  let lastRun = -Infinity;
  let forceNext = false;
  let observer = null;
  let watchingMore = false;
  let awaiting = null; // the snapshot sent last, until the worker's verdict on it arrives

  // The cheap check: the password fields (and whether each is shown) and the forms, or null when
  // there is no password field and the service worker has not asked for this page.
  function signature() {
    if (!dom.query(document, PASSWORD_FIELD) && !portalPage) return null;
    const parts = [];
    for (const field of dom.queryAll(document, PASSWORD_FIELD)) parts.push(field, isShown(field));
    return parts.concat([...dom.forms(document)]);
  }

  const sameSignature = (a, b) =>
    a === b || (a !== null && b !== null && a.length === b.length && a.every((part, i) => part === b[i]));

  // The cheap check, at most every CHECK_INTERVAL_MS. Only on a page with a login form does the
  // rest wait for the page's next frame, when reading layout no longer forces the browser to
  // lay the page out early for us.
  function check() {
    timer = 0;
    lastRun = performance.now();
    if (!rg.runtime?.id) return stop(); // the extension was reloaded or removed
    if (!cheap.query(document, PASSWORD_FIELD) && !portalPage && lastSignature === null) {
      forceNext = false;
      return;
    }
    timer = WAITING_FOR_FRAME;
    afterNextFrame(report);
  }

  function afterNextFrame(callback) {
    let done = false;
    const once = () => {
      if (!done) {
        done = true;
        callback();
      }
    };
    requestAnimationFrame(() => setTimeout(once, 0));
    setTimeout(once, FRAME_WAIT_MS); // a background tab draws no frames
  }

  function report() {
    timer = 0;
    if (!rg.runtime?.id) return stop();
    loadDom();
    const force = forceNext;
    forceNext = false;
    const current = signature();
    const changed = !sameSignature(current, lastSignature);
    const reported = lastSignature !== null;
    lastSignature = current;
    // Send for a page with a login form when asked or when it changed, and once more when it
    // goes away, so the findings follow the page.
    if (current ? force || changed : reported) {
      try {
        sendSnapshot();
      } catch (error) {
        if (!rg.runtime?.id) return stop();
        console.warn('Records Guard: could not read this page', error);
      }
    }
    if (current) watchMore();
  }

  function scheduleCheck(force) {
    forceNext ||= force;
    if (!ready || timer) return;
    timer = setTimeout(check, Math.max(0, lastRun + CHECK_INTERVAL_MS - performance.now()));
  }

  const observeOptions = (attributeFilter) => ({
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter,
  });

  // On a page with a login form, also notice fields being shown or hidden, boxes being ticked and
  // same-origin frames loading.
  function watchMore() {
    if (watchingMore || !observer) return;
    watchingMore = true;
    observer.observe(document, observeOptions(['type', 'class', 'style', 'hidden', 'aria-checked', 'action']));
    const options = { capture: true, passive: true };
    dom.listen(document, 'change', () => lastSignature && scheduleCheck(true), options);
    dom.listen(document, 'load', (event) => isFrame(event.target) && lastSignature && scheduleCheck(true), options);
  }

  function start() {
    if (ready) return;
    ready = true;
    observer = new MutationObserver(() => scheduleCheck(false));
    observer.observe(document, observeOptions(['type']));
    if (pendingVerdict) renderPanel(pendingVerdict);
    check();
  }

  function stop() {
    clearTimeout(timer);
    observer?.disconnect();
    removePanel();
  }

  // ---- the warning panel, in a closed shadow root

  const PANEL_CSS = `
    :host {
      all: initial !important;
      display: block !important;
      position: fixed !important;
      top: 16px !important;
      right: 16px !important;
      z-index: 2147483647 !important;
      width: min(380px, calc(100vw - 32px)) !important;
      max-height: calc(100vh - 32px) !important;
    }
    @media print { :host { display: none !important; } }
    .panel {
      box-sizing: border-box;
      max-height: calc(100vh - 32px);
      overflow: auto;
      padding: 16px 20px 20px;
      background: #ffffff;
      color: #1f2933;
      border: 1px solid #5f6b73;
      border-left: 8px solid #b45309;
      border-radius: 6px;
      box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
      font: 16px/1.5 Arial, system-ui, sans-serif;
      text-align: left;
    }
    .panel.danger { border-left-color: #b91c1c; }
    .panel:focus { outline: none; }
    .panel:focus-visible { outline: 3px solid #ffdd00; box-shadow: 0 0 0 6px #0b0c0c; }
    .source { margin: 0 0 8px; font-size: 14px; font-weight: bold; color: #4b5563; }
    .symbol {
      display: inline-block; width: 20px; height: 20px; margin-right: 6px; border-radius: 50%;
      background: #b45309; color: #ffffff; text-align: center; line-height: 20px;
    }
    .danger .symbol { background: #b91c1c; }
    h2 { margin: 0 0 4px; font: bold 19px/1.3 Arial, system-ui, sans-serif; color: #0b0c0c; }
    p { margin: 0 0 12px; }
    button {
      margin-top: 4px; padding: 8px 16px; min-height: 44px;
      font: bold 16px/1.2 Arial, system-ui, sans-serif;
      color: #0b0c0c; background: #f3f4f6; border: 2px solid #0b0c0c; border-radius: 4px;
      cursor: pointer;
    }
    button:hover { background: #e5e7eb; }
    button:focus-visible { outline: 3px solid transparent; background: #ffdd00; box-shadow: 0 0 0 3px #0b0c0c; }
  `;

  const panel = { host: null, root: null, box: null, key: '', returnFocus: null };
  const dismissed = new Set();
  let pendingVerdict = null;

  const localised = (key, substitutions) => rg.i18n.getMessage(key, substitutions);

  function element(tag, className, text) {
    const el = dom.create(document, tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // The findings the panel shows: warning or danger, with words for the page, most serious first.
  function bannerItems(findings) {
    const items = [];
    for (const severity of BANNER_SEVERITIES) {
      for (const finding of findings) {
        if (finding?.severity !== severity || items.some((item) => item.code === finding.code)) continue;
        const title = localised(localeKey('banner', finding.code, 'title'));
        const body = localised(localeKey('banner', finding.code, 'body'));
        if (title && body) items.push({ code: finding.code, severity, title, body });
      }
    }
    return items;
  }

  function createHost() {
    const host = dom.create(document, 'div');
    host.setAttribute(HOST_ATTRIBUTE, '');
    const root = host.attachShadow({ mode: 'closed' });
    const style = element('style', '', PANEL_CSS);
    const box = element('div', 'panel');
    box.setAttribute('role', 'alert');
    box.setAttribute('tabindex', '-1');
    box.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      dismiss();
    });
    root.addEventListener('focusin', (event) => {
      const from = event.relatedTarget;
      if (from && dom.rootNode(from) !== root) panel.returnFocus = from;
    });
    root.append(style, box);
    Object.assign(panel, { host, root, box });
  }

  function fillPanel(items) {
    const severity = items[0].severity;
    const source = element('p', 'source');
    const symbol = element('span', 'symbol', '!');
    symbol.setAttribute('aria-hidden', 'true');
    source.append(symbol, localised('panel_source', [localised(`panel_severity_${severity}`)]));
    const parts = [source];
    for (const item of items) parts.push(element('h2', '', item.title), element('p', '', item.body));
    const button = element('button', '', localised('panel_dismiss'));
    button.type = 'button';
    button.dataset.action = 'dismiss';
    button.addEventListener('click', dismiss);
    parts.push(button);
    panel.box.className = `panel ${severity}`;
    panel.box.replaceChildren(...parts);
  }

  function renderPanel(verdict) {
    const items = bannerItems(Array.isArray(verdict.findings) ? verdict.findings : []);
    if (items.length === 0) return removePanel();
    const key = `${pageWithoutQuery(cheap.url(document))}\n${items.map((item) => item.code).join(' ')}`;
    if (dismissed.has(key)) return removePanel();
    loadDom();
    const root = dom.root(document);
    if (!ready || !root) {
      pendingVerdict = verdict; // shown once the page is parsed, after the page's own content
      return;
    }
    pendingVerdict = null;
    if (!panel.host) createHost();
    if (key !== panel.key) fillPanel(items);
    panel.key = key;
    // If the page removed the panel it comes back only with the next render; no fighting the page.
    if (!panel.host.isConnected) root.append(panel.host);
  }

  function removePanel() {
    pendingVerdict = null;
    panel.key = '';
    panel.host?.remove();
  }

  function dismiss() {
    const hadFocus = panel.root?.activeElement != null;
    dismissed.add(panel.key);
    removePanel();
    const back = panel.returnFocus;
    panel.returnFocus = null;
    if (hadFocus && back?.isConnected) {
      try {
        dom.focus(back);
      } catch {
        // not an element that takes focus
      }
    }
  }

  // ---- messages from the service worker

  function onRender(verdict, source) {
    if (originOf(String(verdict.url)) !== originOf(cheap.url(document))) return; // meant for the page before
    portalPage = verdict.portal != null;
    renderPanel(verdict);
    if (source === 'page') {
      awaiting = null;
    } else if (!answerComing(verdict) || (portalPage && lastSignature === null)) {
      // A URL-only check (a navigation inside the page, settings changed) replaced what the
      // worker knew of this page, or it recognised the site: a page with a login form sends
      // what it has. The worker handles a tab's events in order, so a URL check queued before
      // our snapshot is followed by the verdict on it, and needs no second snapshot.
      scheduleCheck(true);
    }
  }

  const answerComing = (verdict) =>
    awaiting !== null && awaiting.url === verdict.url && performance.now() < awaiting.until;

  rg.runtime.onMessage.addListener((msg, sender) => {
    if (sender?.id !== rg.runtime.id || sender.tab) return; // only the service worker
    if (msg?.type !== RENDER || typeof msg.verdict !== 'object' || msg.verdict === null) return;
    try {
      onRender(msg.verdict, msg.source);
    } catch (error) {
      console.warn('Records Guard: could not show a warning', error);
    }
  });

  if (cheap.readyState(document) === 'loading') {
    cheap.listen(document, 'DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
})();

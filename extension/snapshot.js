//# allFunctionsCalledOnLoad
// The snapshot extractor: a page's forms, fields and a sample of its text as plain data
// (docs/INTERNALS.md, "Snapshot"). A plain script with no extension APIs, so the same file runs as a
// content script and can be injected into any page by tests and tests/e2e/make-snapshots.mjs:
//
//   const { snapshot, elements } = globalThis.rgSnapshot.build(document, RG_MESSAGES.caps);
//
// `elements[form][field]` is the element each `snapshot.forms[form].fields[field]` describes, so the
// content script can carry out the core's actions on the controls it sent.
(() => {
  'use strict';

  const TEXT_NODES_VISITED = 3000; // bounds the page-text sample's walk
  const HEADINGS_VISITED = 500; // and its headings: a page can hide any number of them
  const HEADING_CHARS = 300;
  // A page's text and attributes are read only so far, whatever their length: each read of a page
  // comes with its changes, and a hostile page made each cost the whole length of what it wrote
  // (tests/e2e hostile.test, "slow reads": 1,000 references to a 100 KB label took 2.5 s a
  // read, 200 fields of 100 KB labels 0.2 s, 500 roles of 3,000 tokens 0.2 s; Chromium 148).
  // How much of a text is read to clean it down to `max` characters: enough for the same result
  // unless nearly all of what is read is white space.
  const rawChars = (max) => max * 8 + 1024;
  const TOKEN_CHARS = 1024; // of an attribute's token list (role, autocomplete, aria-labelledby)
  const LABELLED_BY_IDS = 16; // elements an aria-labelledby names, read in order
  // Labels gathered to find the fields' (`label.control` makes each an object in this script world:
  // all 150,000 of a hostile page's took 45 ms a read, Chromium 148). The fields described come
  // first in document order, and their labels with them.
  const LABELS_READ = 5000;
  const NEIGHBOUR_STEPS = 2; // siblings looked at for a label of last resort
  const NEIGHBOUR_CHILDREN = 10; // bigger siblings or parents are layout, not labels
  const HEADINGS = ['h1', 'h2', 'h3', '[role=heading]', 'legend'];
  const FIELD_TAGS = new Set(['input', 'select', 'textarea', 'button']);
  const FIELD_ROLES = new Set([
    'button', 'checkbox', 'switch', 'radio', 'textbox', 'searchbox', 'combobox', 'menuitemcheckbox',
  ]);
  const CHECKABLE_ROLES = new Set(['checkbox', 'switch', 'radio', 'menuitemcheckbox']);
  // Any role, sorted out by fieldKind: matching each role token in a selector (`[role~="x" i]`)
  // is slow.
  const FIELD_SELECTORS = [...FIELD_TAGS, '[role]'];
  const FRAME_TAGS = ['iframe', 'frame'];
  // The controls content.js's cheap check watches between snapshots (see `watched`): login fields
  // (RG_MESSAGES.LOGIN_FIELD) and boxes. Boxes are what remember.rs counts: checkboxes, ARIA
  // checkboxes and switches. Each is one selector list, so one pass over the page finds them in
  // document order: unlike a tag alone, which Chromium finds by a fast path, their selectors are
  // matched against every element anyway (the boxes as three selectors queried alone took a page of
  // 100,000 checkboxes 35 ms, as one list 16 ms; Chromium 148). An input is a box by its type,
  // which the selector matches whatever its case, as the `type` property names it; or by its role,
  // matched exactly, as BOX_ROLES is.
  const LOGINS = 'input[type=password], input[autocomplete~="one-time-code" i]';
  const BOXES = 'input[type=checkbox], [role=checkbox], [role=switch]';
  const BOX_ROLES = new Set(['checkbox', 'switch']);
  // Login fields and boxes listed with whether each is shown; the rest only counted.
  const WATCHED_LOGINS = 50;
  const WATCHED_BOXES = 50;
  const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'select', 'option', 'datalist']);
  const NO_TEXT_PARENTS = new Set([...NOT_TEXT, 'h1', 'h2', 'h3', 'legend']); // headings come first anyway
  // Made once, not on every call (a regular expression literal or an object literal in a function
  // is a new object each time it runs, several per field).
  const SPACES = /\s+/g; // `replace` starts a global expression from 0 and leaves it there
  // A token list's separators: ASCII white space, as HTML splits `role`, `autocomplete` and
  // `aria-labelledby` (only for a value that has any, see `tokens`).
  const ASCII_SPACES = [' ', '\t', '\n', '\f', '\r'];
  const ASCII_SPACE_RUN = /[ \t\n\f\r]+/;
  const VISIBILITY = Object.freeze({ visibilityProperty: true, checkVisibilityCSS: true });
  const NONE = Object.freeze([]); // no labels, no elements found

  // ---- DOM access that the page cannot redirect
  // A page can hide document and form members behind named elements (<img name="querySelector">,
  // <input name="action">), so those are always read through the prototypes. Built on first use:
  // touching the Element and HTMLElement interfaces costs a page without a password field time it
  // need not spend.

  // `method(proto, name)(self, ...args)` is `proto[name].call(self, ...args)`: a bound `call`, so
  // each use is one native call with no wrapper of ours to run (most of a page's first snapshot
  // runs before the engine has optimised anything).
  const call = Function.prototype.call;
  const method = (proto, name) => {
    const fn = proto[name];
    return fn ? call.bind(fn) : null;
  };
  const getter = (proto, name) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    return get ? call.bind(get) : (self) => self[name];
  };

  let dom = null;
  function domAccess() {
    dom ??= Object.freeze({
      query: method(Document.prototype, 'querySelector'),
      queryAll: method(Document.prototype, 'querySelectorAll'),
      byId: method(Document.prototype, 'getElementById'),
      create: method(Document.prototype, 'createElement'),
      walker: method(Document.prototype, 'createTreeWalker'),
      root: getter(Document.prototype, 'documentElement'),
      body: getter(Document.prototype, 'body'),
      title: getter(Document.prototype, 'title'),
      forms: getter(Document.prototype, 'forms'),
      url: getter(Document.prototype, 'URL'), // location.href, without building a Location
      readyState: getter(Document.prototype, 'readyState'),
      active: getter(Document.prototype, 'activeElement'),
      nodeType: getter(Node.prototype, 'nodeType'),
      parent: getter(Node.prototype, 'parentNode'),
      next: getter(Node.prototype, 'nextSibling'),
      previous: getter(Node.prototype, 'previousSibling'),
      text: getter(Node.prototype, 'textContent'),
      baseURI: getter(Node.prototype, 'baseURI'),
      connected: getter(Node.prototype, 'isConnected'),
      rootNode: method(Node.prototype, 'getRootNode'),
      position: method(Node.prototype, 'compareDocumentPosition'),
      tag: getter(Element.prototype, 'localName'),
      shadow: getter(Element.prototype, 'shadowRoot'),
      children: getter(Element.prototype, 'childElementCount'),
      attr: method(Element.prototype, 'getAttribute'),
      setAttr: method(Element.prototype, 'setAttribute'),
      closest: method(Element.prototype, 'closest'),
      rects: method(Element.prototype, 'getClientRects'),
      box: method(Element.prototype, 'getBoundingClientRect'),
      checkVisibility: method(Element.prototype, 'checkVisibility'),
      focus: method(HTMLElement.prototype, 'focus'),
      click: method(HTMLElement.prototype, 'click'),
      dispatch: method(EventTarget.prototype, 'dispatchEvent'),
      listen: method(EventTarget.prototype, 'addEventListener'),
      unlisten: method(EventTarget.prototype, 'removeEventListener'),
      checked: getter(HTMLInputElement.prototype, 'checked'),
      setChecked: (input, value) =>
        Reflect.apply(Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'checked').set, input, [value]),
      inputType: getter(HTMLInputElement.prototype, 'type'),
      action: getter(HTMLFormElement.prototype, 'action'),
    });
    return dom;
  }

  const attr = (el, name) => dom.attr(el, name) ?? '';
  // A token list attribute's value (null when absent) as far as it is read: TOKEN_CHARS.
  const tokenList = (value) => (value !== null && value.length > TOKEN_CHARS ? value.slice(0, TOKEN_CHARS) : value);
  // The tokens of an attribute's value, as far as it is read. Most values are one token, told by
  // five searches with no regular expression (V8 compiles one to machine code at its second use, a
  // cost the page pays).
  const tokens = (whole) => {
    const value = tokenList(whole);
    if (ASCII_SPACES.some((space) => value.includes(space))) return value.split(ASCII_SPACE_RUN).filter(Boolean);
    return value === '' ? NONE : [value];
  };
  const isDocument = (node) => dom.nodeType(node) === Node.DOCUMENT_NODE;
  const cut = (text, max) => (text.length > max ? text.slice(0, max) : text);

  // ---- visibility

  function isShown(el) {
    if (dom.checkVisibility) {
      return dom.checkVisibility(el, VISIBILITY);
    }
    return dom.rects(el).length > 0;
  }

  // Rendered, not zero-sized, not pushed off the page. The page's scroll offsets are read once per
  // build, when first needed: nothing scrolls while build() runs, and each read of scrollX is a
  // call into the browser (the 350 reads of a 175-field page took 0.3–0.8 ms, Chromium 156).
  // `shown`: isShown(el) when the walk has read it already (watch), else null.
  function isOnPage(el, walk, shown = null) {
    if (!(shown ?? isShown(el))) return false;
    const box = dom.box(el);
    walk.scroll ??= { x: scrollX, y: scrollY };
    const offPage = box.right + walk.scroll.x <= 0 || box.bottom + walk.scroll.y <= 0;
    return box.width >= 1 && box.height >= 1 && !offPage;
  }

  // Seen by a person. Opacity is not checked: styled checkboxes are often transparent inputs under
  // a drawn box. A checkbox or radio whose own input is hidden still counts when its label is on
  // the page (not when the label is pushed off the page with it, as honeypots are).
  function isVisible(el, checkable, labels, walk, shown) {
    if (isOnPage(el, walk, shown)) return true;
    if (checkable) {
      for (const label of labels) if (isOnPage(label, walk)) return true;
    }
    return false;
  }

  // ---- labels: the text a person sees next to a field

  // The labels' text, joined by spaces; a select's labels without its options' text. No more
  // labels once `limit` characters are read.
  function nativeLabel(el, tag, labels, limit) {
    if (labels.length === 0) return '';
    const ownText = tag === 'select' ? dom.text(el) : '';
    let text = '';
    for (let i = 0; i < labels.length && text.length < limit; i++) {
      const label = dom.text(labels[i]);
      text += (i > 0 ? ' ' : '') + (ownText ? label.replace(ownText, '') : label);
    }
    return text;
  }

  // The text of the elements aria-labelledby names, joined by spaces: the first LABELLED_BY_IDS of
  // them, and no more once `limit` characters are read.
  function labelledBy(el, limit) {
    const value = dom.attr(el, 'aria-labelledby');
    if (!value) return ''; // most fields: no list to split
    const ids = tokens(value);
    if (ids.length === 0) return '';
    const root = dom.rootNode(el);
    // A shadow root has no named members for a page to hide its own behind (as queryAllIn).
    const find = isDocument(root) ? (id) => dom.byId(root, id) : (id) => root.getElementById(id);
    let text = '';
    for (let i = 0; i < ids.length && i < LABELLED_BY_IDS && text.length < limit; i++) {
      const target = find(ids[i]);
      text += (i > 0 ? ' ' : '') + (target ? dom.text(target) : '');
    }
    return text;
  }

  // `type`: an input's type as describeField read it (el.type, already lower case).
  function ownText(el, tag, type) {
    if (tag === 'input') {
      if (type === 'submit' || type === 'button' || type === 'reset') return el.value; // a button's caption
      if (type === 'image') return attr(el, 'alt');
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
  function adjacentText(el, checkable, clean) {
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

  // The first of these that has text. Written out, not as a list of closures: the six closures
  // and the array per field were garbage, and most fields stop at the first.
  function labelText(el, tag, type, checkable, labels, clean, limit) {
    let text = clean(nativeLabel(el, tag, labels, limit));
    if (!text) text = clean(labelledBy(el, limit));
    if (!text) text = clean(attr(el, 'aria-label'));
    if (!text) text = clean(ownText(el, tag, type));
    if (!text) text = clean(attr(el, 'title'));
    if (!text) text = clean(adjacentText(el, checkable, clean));
    return text;
  }

  // ---- forms and fields

  const queryAllIn = (root, selector) =>
    isDocument(root) ? dom.queryAll(root, selector) : root.querySelectorAll(selector);
  // Each of `selectors` queried alone: their lists, each in document order.
  const queryLists = (root, selectors) => selectors.map((selector) => queryAllIn(root, selector));

  // The elements matching any of `selectors`, in document order, each once. A selector list is
  // matched against every element the slow way, while one simple selector has a fast path: on a
  // 10,000-element page `input, select, textarea, button, [role]` took 0.9–1.1 ms, each alone
  // 0–0.2 ms (measured in Chromium); the lists found are merged. A list found alone is returned as
  // it is (a NodeList), not copied.
  function queryEach(root, selectors) {
    return mergeLists(queryLists(root, selectors));
  }

  // `lists` (NodeLists, each in document order) merged into one list in document order.
  function mergeLists(lists) {
    let merged = NONE;
    for (const found of lists) {
      if (found.length > 0) merged = merged.length > 0 ? inDocumentOrder(merged, found) : found;
    }
    return merged;
  }

  // The first `max` elements matching any of `selectors`, in document order, each once: each
  // selector queried alone (as queryEach), and only as many of their elements read as are taken.
  // Every element read becomes an object in this script world: merging 150,000 hidden headings
  // whole took 0.1–0.2 s (Chromium 148).
  const firstOfEach = (root, selectors, max) => firstOf(queryLists(root, selectors), max);

  // The first `max` elements of `lists` (as mergeLists), each list read only as far as the merge
  // takes from it.
  function firstOf(lists, max) {
    const heads = [];
    for (const found of lists) {
      if (found.length > 0) heads.push({ found, at: 0, el: found[0] });
    }
    const out = [];
    while (out.length < max && heads.length > 0) {
      let first = heads[0].el;
      for (let k = 1; k < heads.length; k++) {
        const el = heads[k].el;
        if (el !== first && dom.position(first, el) & Node.DOCUMENT_POSITION_PRECEDING) first = el;
      }
      out.push(first);
      // On to the next element of each list at `first` (an element two selectors match is in both).
      for (let k = heads.length - 1; k >= 0; k--) {
        const head = heads[k];
        if (head.el !== first) continue;
        head.at += 1;
        if (head.at < head.found.length) head.el = head.found[head.at];
        else heads.splice(k, 1);
      }
    }
    return out;
  }

  // `a` and `b` (arrays or NodeLists) merged into one array in document order.
  function inDocumentOrder(a, b) {
    const out = [];
    const aLength = a.length;
    const bLength = b.length;
    let i = 0;
    let j = 0;
    while (i < aLength && j < bLength) {
      if (a[i] === b[j]) {
        out.push(a[i++]);
        j++;
      } else if (dom.position(a[i], b[j]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        out.push(a[i++]); // b[j] follows a[i]
      } else {
        out.push(b[j++]);
      }
    }
    while (i < aLength) out.push(a[i++]);
    while (j < bLength) out.push(b[j++]);
    return out;
  }

  // field.labels searches the whole tree on every call; one pass over a tree's labels serves
  // all its fields. `root` is the tree the field was found in (its root node). A read gathers at
  // most LABELS_READ labels in all, in document order, and says it was cut when a tree has more.
  function labelsOf(el, root, walk) {
    let index = walk.labels.get(root);
    if (!index) {
      index = new Map();
      const found = queryAllIn(root, 'label');
      const count = Math.min(found.length, walk.labelsLeft);
      if (count < found.length) walk.truncated = true;
      walk.labelsLeft -= count;
      for (let i = 0; i < count; i++) {
        const label = found[i];
        const control = label.control;
        if (!control) continue;
        const labels = index.get(control);
        if (labels) labels.push(label);
        else index.set(control, [label]);
      }
      walk.labels.set(root, index);
    }
    return index.get(el) ?? NONE;
  }

  const isCheckableRole = (role) => CHECKABLE_ROLES.has(role);

  function fieldKind(tag, read) {
    if (FIELD_TAGS.has(tag)) return read.type === 'hidden' ? null : 'control';
    return tokens((read.role ?? '').toLowerCase()).some((role) => FIELD_ROLES.has(role)) ? 'role' : null;
  }

  // Password fields this script world has described: a "show password" button makes one a text
  // field while the person types, and it is still their password (to check for reuse, to keep on
  // a records sign-in, and "not secure" on http). Also the text fields drawn as password fields
  // (`-webkit-text-security`) that the person focused (seenAsPassword, from content.js).
  const passwordFields = new WeakSet();
  const TEXT_TYPES = new Set(['text', 'tel', 'number', 'email', 'search']);

  function controlType(el, tag, read) {
    if (tag === 'textarea') return 'textarea';
    const type = tag === 'input' ? read.type : String(el.type).toLowerCase();
    if (type === 'password') passwordFields.add(el);
    return TEXT_TYPES.has(type) && passwordFields.has(el) ? 'password' : type;
  }

  /** Describe `el` as a password field from now on; whether it was not one already. */
  function seenAsPassword(el) {
    if (passwordFields.has(el)) return false;
    passwordFields.add(el);
    return true;
  }

  function describeField(el, tag, kind, root, walk, shown) {
    const { caps, clean, read } = walk;
    const isControl = kind === 'control';
    const labels = isControl ? labelsOf(el, root, walk) : NONE;
    const type = isControl ? controlType(el, tag, read) : '';
    const role = (read.role ?? '').trim().toLowerCase();
    const checkable =
      type === 'checkbox' || type === 'radio' || tokens(role).some(isCheckableRole);
    let checked = null;
    if (isControl && (type === 'checkbox' || type === 'radio')) checked = el.checked;
    else {
      const ariaChecked = dom.attr(el, 'aria-checked');
      if (ariaChecked !== null) checked = ariaChecked.trim().toLowerCase() === 'true';
    }
    // Visibility takes layout queries, so it is read only where the core weighs it: password fields
    // and boxes (a hidden one is a honeypot, not the person's). Other fields say null, not read:
    // on a 175-field page their queries took about 1 ms of the page's main thread (Chromium 156).
    const weighed = type === 'password' || checkable;
    return {
      tag,
      type,
      name: cut(attr(el, 'name'), caps.ATTRIBUTE_CHARS),
      id: cut(attr(el, 'id'), caps.ATTRIBUTE_CHARS),
      autocomplete: cut((read.autocomplete ?? '').trim().toLowerCase(), caps.ATTRIBUTE_CHARS),
      role: cut(role, caps.ATTRIBUTE_CHARS),
      label: labelText(el, tag, type, checkable, labels, clean, rawChars(caps.LABEL_CHARS)),
      placeholder: cut(attr(el, 'placeholder'), caps.ATTRIBUTE_CHARS),
      visible: weighed ? shown && isVisible(el, checkable, labels, walk, read.shown) : null,
      checked,
    };
  }

  // Where the form sends to, as the browser resolves it: the form's own `action` getter (through
  // the prototype: a control named "action" hides the property) gives the absolute address, the
  // page's address for an empty attribute, and the attribute itself when it is no address.
  function formAction(form, caps) {
    return cut(dom.action(form), caps.URL_CHARS);
  }

  function formMethod(form) {
    const value = attr(form, 'method').trim().toLowerCase();
    return value === 'post' ? 'post' : value === 'dialog' ? '' : 'get';
  }

  // A form's record: its snapshot entry and, index for index, the elements of its fields.
  function formRecord(el, kind, walk) {
    const form = kind === 'control' ? el.form : dom.closest(el, 'form');
    const key = form ?? walk.loose;
    let record = walk.forms.get(key);
    if (!record) {
      if (walk.forms.size >= walk.caps.FORMS) return null;
      const entry = form
        ? { action: formAction(form, walk.caps), method: formMethod(form), fields: [] }
        : { action: null, method: '', fields: [] };
      record = { entry, elements: [] };
      walk.forms.set(key, record);
    }
    return record;
  }

  function addField(el, tag, kind, root, walk, shown) {
    const record = formRecord(el, kind, walk);
    const { caps } = walk;
    if (!record || record.entry.fields.length >= caps.FIELDS_PER_FORM || walk.fields >= caps.FIELDS_TOTAL) {
      walk.truncated = true;
      return;
    }
    record.entry.fields.push(describeField(el, tag, kind, root, walk, shown));
    record.elements.push(el);
    walk.fields += 1;
  }

  // ---- the watched controls

  // Whether a list of tokens (an attribute's value) holds `token`, as the selector `[name~="token" i]`.
  const hasToken = (value, token) => value !== null && tokens(value.toLowerCase()).includes(token);

  // Notes `el` in `watching` when it is a login field or a box: each field the walk finds in the top
  // document's own tree comes here in document order, as the selectors would find them. `read`: what
  // the walk read of it (readField); whether it is shown, when that was read here, goes into `read`
  // for describeField.
  function watch(el, tag, read, watching) {
    let login = false;
    let box = false;
    if (tag === 'input') {
      // Selectors match `type` without regard to case (an attribute HTML lists so), as the `type`
      // property names a known type whatever its case: `read.type` is that, in lower case.
      login = read.type === 'password' || hasToken(read.autocomplete, 'one-time-code');
      box = read.type === 'checkbox';
    }
    if (!box) box = read.role !== null && BOX_ROLES.has(read.role); // `[role=checkbox]`: the exact value
    if ((login && watching.loginCount < WATCHED_LOGINS) || (box && watching.boxCount < WATCHED_BOXES)) read.shown = isShown(el);
    if (login && watching.loginCount++ < WATCHED_LOGINS) watching.logins.push(el, read.shown);
    if (box && watching.boxCount++ < WATCHED_BOXES) watching.boxes.push(el, read.shown);
  }

  /**
   * Reads into `read` what watch, fieldKind and describeField all use of `el` (a tag `tag` field),
   * once: an input's type (the property, lower case; '' for other elements), its `role` and
   * `autocomplete` attributes (null when absent). `shown` is left for watch.
   */
  function readField(el, tag, read) {
    read.type = tag === 'input' ? String(el.type).toLowerCase() : '';
    read.role = tokenList(dom.attr(el, 'role'));
    read.autocomplete = tokenList(dom.attr(el, 'autocomplete'));
    read.shown = null;
    return read;
  }

  /** An empty list of watched controls, for `watch` to fill. */
  const newWatching = () => ({ logins: [], boxes: [], loginCount: 0, boxCount: 0 });

  /** The watched controls as one list: the first WATCHED_LOGINS login fields and whether each is
   * shown, the same for the first WATCHED_BOXES boxes, then how many login fields and how many boxes
   * there are. */
  const watchedList = ({ logins, boxes, loginCount, boxCount }) => [...logins, ...boxes, loginCount, boxCount];

  /**
   * The watched controls of `doc`'s own tree (not its shadow roots nor frames), read by queries: what
   * build() gives as `watched`, for a check between snapshots. The login fields and the boxes are
   * counted natively and only the first of each become objects here: reading every box cost a page
   * of 100,000 checkboxes 62–79 ms a check, and one of 10,000 password fields 22 ms (Chromium 148).
   */
  function watched(doc) {
    domAccess();
    const logins = dom.queryAll(doc, LOGINS);
    const boxes = dom.queryAll(doc, BOXES);
    const list = [];
    for (let i = 0, count = Math.min(logins.length, WATCHED_LOGINS); i < count; i++) list.push(logins[i], isShown(logins[i]));
    for (let i = 0, count = Math.min(boxes.length, WATCHED_BOXES); i < count; i++) list.push(boxes[i], isShown(boxes[i]));
    list.push(logins.length, boxes.length);
    return list;
  }

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
    const watching = depth === 0 && isDocument(root) ? walk.watching : null; // the top document's own tree
    // Each field found is looked at (its type, role and autocomplete, its form), though at most
    // FIELDS_TOTAL are described: no more are looked at in all than elements are walked (a page of
    // 100,000 boxes: 110–123 → 92–102 ms a read, the rest mostly whole-page queries; Chromium 148).
    // Past those, as past the walk's, a field is not read, and the snapshot says it was cut.
    const lists = queryLists(root, FIELD_SELECTORS);
    let found = 0;
    for (const list of lists) found += list.length; // an element two selectors match counts twice
    let fields;
    if (found <= walk.fieldsLeft) {
      fields = mergeLists(lists);
    } else {
      fields = firstOf(lists, walk.fieldsLeft);
      walk.truncated = true;
      if (watching) walk.watchingCut = true;
    }
    walk.fieldsLeft -= fields.length;
    const { read } = walk;
    for (let i = 0, count = fields.length; i < count; i++) {
      const el = fields[i];
      const tag = dom.tag(el);
      readField(el, tag, read);
      if (watching) watch(el, tag, read, watching);
      const kind = fieldKind(tag, read);
      if (kind) addField(el, tag, kind, root, walk, shown);
    }
    // Every element, for the shadow roots: the loop most of a big page's first snapshot runs in
    // before the engine has optimised it, so it reads nothing it need not.
    const doc = isDocument(root) ? root : root.ownerDocument;
    const elements = dom.walker(doc, root, NodeFilter.SHOW_ELEMENT);
    const { shadow } = dom;
    let left = walk.caps.ELEMENTS_SCANNED - walk.scanned; // walk.scanned is brought up to date
    let scanned = 0; // before and after each shadow root's walk, which counts on from it
    for (let el = elements.nextNode(); el; el = elements.nextNode()) {
      if (++scanned > left) {
        walk.scanned += scanned;
        walk.truncated = true;
        return;
      }
      const inner = shadow(el);
      if (inner) {
        walk.scanned += scanned;
        scanned = 0;
        walkFields(inner, walk, depth, shown);
        left = walk.caps.ELEMENTS_SCANNED - walk.scanned;
      }
    }
    walk.scanned += scanned;
    const frames = queryEach(root, FRAME_TAGS);
    if (depth === 0 && isDocument(root)) walk.topFrames = frames; // for frameSources: one query less
    for (const frame of frames) {
      // A frame's first look from this script world costs Chromium's set-up of the world there,
      // which grows with the frame's address (20 frames of 2 MB addresses: 0.74 s, Chromium 148).
      // A same-origin frame's address is never that long but on a page that means harm: not read,
      // and the page was cut. (A long `data:` address is common, and its frame is never read: its
      // document has an origin of its own.)
      const source = attr(frame, 'src');
      if (source.length > walk.caps.URL_CHARS) {
        if (source.trimStart().slice(0, 5).toLowerCase() !== 'data:') walk.truncated = true;
        continue;
      }
      const inner = sameOriginDocument(frame);
      if (!inner) continue;
      if (depth >= walk.caps.FRAME_DEPTH) {
        walk.truncated = true; // a frame deeper than we read: say the page was cut
        return;
      }
      walkFields(inner, walk, depth + 1, shown && isShown(frame));
    }
  }

  function pageText(doc, caps, clean) {
    const parts = [];
    let length = 0;
    const add = (text) => {
      if (text) {
        parts.push(text);
        length += text.length + 1;
      }
    };
    for (const heading of firstOfEach(doc, HEADINGS, HEADINGS_VISITED)) {
      if (length >= caps.TEXT_CHARS) break;
      if (isShown(heading)) add(clean(dom.text(heading), HEADING_CHARS));
    }
    const body = dom.body(doc);
    if (body) {
      const texts = dom.walker(doc, body, NodeFilter.SHOW_TEXT);
      let parent = null;
      let parentShown = false;
      for (let i = 0; i < TEXT_NODES_VISITED && length < caps.TEXT_CHARS; i++) {
        const node = texts.nextNode();
        if (!node) break;
        // Most text nodes are white space between elements: trim() tells them without making a
        // cleaned copy of each (it removes the white space \s matches; no regular expression, as
        // each new one costs a page 15–20 µs to compile), and only text that is shown is cleaned.
        const data = node.data;
        if (data.trim() === '') continue;
        if (node.parentNode !== parent) {
          parent = node.parentNode;
          parentShown = !NO_TEXT_PARENTS.has(dom.tag(parent)) && isShown(parent);
        }
        if (parentShown) add(clean(data, caps.TEXT_CHARS));
      }
    }
    return cut(parts.join('\n'), caps.TEXT_CHARS);
  }

  /**
   * Where the page's own frames load from (absolute `src`), at most `caps.FRAMES`. `frames`: doc's
   * frames (walkFields has them unless the element cap stopped it first).
   */
  function frameSources(doc, caps, frames) {
    const sources = [];
    for (const frame of frames) {
      if (sources.length >= caps.FRAMES) break;
      if (dom.attr(frame, 'src') === null) continue;
      try {
        // Only as much of the address as is kept: parsing it whole cost a read 6 ms a megabyte.
        sources.push(cut(new URL(cut(attr(frame, 'src'), caps.URL_CHARS), dom.baseURI(frame)).href, caps.URL_CHARS));
      } catch {
        // not a URL: nothing loads from it
      }
    }
    return sources;
  }

  /**
   * Reads `doc` (the top frame's document) into a snapshot, cut to `caps` (RG_MESSAGES.caps).
   * `watched`: the watched controls, as `watched(doc)` would read them now (found on the way).
   * @returns {{ snapshot: object, elements: Element[][], watched: Array }}
   */
  function build(doc, caps) {
    domAccess();
    const clean = (text, max = caps.LABEL_CHARS) => cut(cut(String(text ?? ''), rawChars(max)).replace(SPACES, ' ').trim(), max);
    const walk = {
      caps,
      clean,
      forms: new Map(), // form element (or `loose`) → { entry, elements }
      loose: {}, // the key for fields outside any form
      labels: new Map(), // tree → (field → its labels)
      labelsLeft: LABELS_READ, // labels the read may still gather (labelsOf)
      scroll: null, // the page's { x, y } scroll offsets, read when first needed (isOnPage)
      topFrames: null, // doc's frames, as walkFields found them
      watching: newWatching(), // doc's own login fields and boxes (watch)
      watchingCut: false, // whether doc's own fields were not all looked at: `watched(doc)` then
      fieldsLeft: caps.ELEMENTS_SCANNED, // fields the read may still look at (walkFields)
      read: { type: '', role: null, autocomplete: null, shown: null }, // the field at hand (readField)
      fields: 0,
      scanned: 0,
      truncated: false,
    };
    walkFields(doc, walk, 0, true);
    const records = [...walk.forms.values()];
    return {
      snapshot: {
        url: cut(dom.url(doc), caps.URL_CHARS),
        title: clean(dom.title(doc), caps.TITLE_CHARS),
        text: pageText(doc, caps, clean),
        truncated: walk.truncated,
        forms: records.map((record) => record.entry),
        frames: frameSources(doc, caps, walk.topFrames ?? queryEach(doc, FRAME_TAGS)),
      },
      elements: records.map((record) => record.elements),
      watched: walk.watchingCut ? watched(doc) : watchedList(walk.watching),
    };
  }

  // The size of `json` in UTF-8 bytes, counted only when it may be more than `maxBytes`.
  const jsonBytes = (json, maxBytes) =>
    json.length * 3 <= maxBytes ? json.length : new TextEncoder().encode(json).length;
  const messageBytes = (message, maxBytes) => jsonBytes(JSON.stringify(message), maxBytes);

  // An upper bound of the JSON size of `{ type, snapshot }` in bytes, from its strings' lengths: a
  // UTF-16 unit is at most 6 bytes of JSON (`\uXXXX`), and a fixed allowance per object covers its
  // keys, booleans and punctuation. Much cheaper than JSON.stringify, which it spares most pages
  // (a 175-field snapshot's stringify took about 0.4 ms of a cold page).
  const jsonChars = (value) => (typeof value === 'string' ? value.length * 6 + 2 : 8);
  function jsonBound({ type, snapshot }) {
    let bytes = 256 + jsonChars(type) + jsonChars(snapshot.url) + jsonChars(snapshot.title) + jsonChars(snapshot.text);
    for (const frame of snapshot.frames) bytes += jsonChars(frame) + 1;
    for (const form of snapshot.forms) {
      bytes += 64 + jsonChars(form.action) + jsonChars(form.method);
      for (const field of form.fields) {
        bytes += 160; // keys, visible, checked, braces and commas: about 110 characters
        // Each string by name: a loop over the names made every read a keyed one (fitting the
        // 175-field bench page took 0.33 ms that way, 0.26 ms so; Chromium 156).
        bytes += jsonChars(field.tag) + jsonChars(field.type) + jsonChars(field.name) + jsonChars(field.id);
        bytes += jsonChars(field.autocomplete) + jsonChars(field.role) + jsonChars(field.label);
        bytes += jsonChars(field.placeholder);
      }
    }
    return bytes;
  }

  /**
   * Drops fields from the end of `message.snapshot` until its JSON fits `maxBytes`, keeping
   * `elements` (from `build`) aligned with the snapshot's forms and fields.
   */
  function fitToSize(message, elements, maxBytes) {
    const { snapshot } = message;
    while (jsonBound(message) > maxBytes && messageBytes(message, maxBytes) > maxBytes) {
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
        elements[i].length = fields.length;
        drop -= removed;
      }
      const kept = snapshot.forms.map((form) => form.fields.length > 0);
      snapshot.forms = snapshot.forms.filter((_, i) => kept[i]);
      elements.splice(0, elements.length, ...elements.filter((_, i) => kept[i]));
      snapshot.truncated = true;
    }
    return message;
  }

  /**
   * `message` as JSON text of at most `maxBytes`: as fitToSize, for a message that goes as text
   * anyway (the first snapshot, which the worker reads). Its size is then measured on the text
   * itself, with no estimate first (jsonBound).
   */
  function fitJSON(message, elements, maxBytes) {
    const json = JSON.stringify(message);
    if (jsonBytes(json, maxBytes) <= maxBytes) return json;
    return JSON.stringify(fitToSize(message, elements, maxBytes));
  }

  globalThis.rgSnapshot = Object.freeze({
    build,
    fitToSize,
    fitJSON,
    watched,
    isShown: (el) => (domAccess(), isShown(el)),
    dom: domAccess,
    seenAsPassword,
  });
})();

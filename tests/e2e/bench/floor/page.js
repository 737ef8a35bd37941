// The floor's page script (worker.js): a snapshot of the fields, their labels and the headings,
// and a panel of a heading, a paragraph, a list and a button, with a small stylesheet.
(() => {
  const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200);

  function snapshot() {
    const fields = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      fields.push({
        tag: el.localName,
        type: el.type,
        name: el.getAttribute('name'),
        id: el.id,
        autocomplete: el.getAttribute('autocomplete'),
        label: el.labels ? [...el.labels].map(text).join(' ') : '',
        form: el.form ? el.form.getAttribute('action') : null,
      });
    }
    const headings = [...document.querySelectorAll('h1, h2')].map(text);
    return JSON.stringify({ url: location.href, title: document.title, fields, headings });
  }

  function render(words) {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `:host { all: initial; position: fixed; top: 12px; right: 12px; z-index: 2147483647; }
section { font: 16px/1.4 sans-serif; background: #fff; color: #111; border: 3px solid #b00; padding: 12px; max-width: 22rem; }
h2 { font-size: 18px; margin: 0 0 8px; }
button { font: inherit; padding: 4px 12px; }`;
    const section = document.createElement('section');
    section.setAttribute('role', 'alert');
    const heading = document.createElement('h2');
    heading.textContent = words.title;
    const body = document.createElement('p');
    body.textContent = words.body;
    const list = document.createElement('ul');
    for (const item of words.items) {
      const li = document.createElement('li');
      li.textContent = item;
      list.append(li);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = words.button;
    button.addEventListener('click', () => host.remove());
    section.append(heading, body, list, button);
    root.append(style, section);
    document.documentElement.append(host);
  }

  globalThis.benchFloor = { snapshot, render };
})();

// Small DOM helpers for the console's pages. Every value from the daemon is set as text, never as markup.

/** An element with attributes ({class, id, text, data-*, aria-*, on*}) and children (elements or text). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k in e && !k.startsWith('aria-') && !k.startsWith('data-') && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function byId(id) {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page element #${id} is missing`);
  return e;
}

/** Writes text only when it changed (no needless layout, no lost selection). */
export function setText(e, text) {
  const t = text ?? '';
  if (e.textContent !== t) e.textContent = t;
}

export function show(e, visible) {
  if (e.hidden === visible) e.hidden = !visible;
}

/** Replaces an element's children. */
export function fill(e, ...children) {
  e.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

export function setData(e, name, value) {
  const v = String(value);
  if (e.dataset[name] !== v) e.dataset[name] = v;
}

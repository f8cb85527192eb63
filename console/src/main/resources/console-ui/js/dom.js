// Tiny DOM helpers: every text goes through textContent, so data from the cluster can never become markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map(x => h('th', {}, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => c instanceof Node ? h('td', {}, c)
      : h('td', typeof c === 'number' ? { class: 'num' } : {}, c ?? ''))))));
}

export function fmt(n, digits = 1) {
  return typeof n === 'number' ? n.toFixed(digits) : '';
}

export function time(ms) {
  return ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '';
}

export function partialNote(data) {
  if (!data || !data.partial) return null;
  return h('p', { class: 'warn', 'data-test': 'partial' }, 'Partial results: ',
    (data.errors || []).join('; ') || 'some brokers did not answer in time');
}

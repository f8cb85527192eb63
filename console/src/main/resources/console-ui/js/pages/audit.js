import { get } from '../api.js';
import { h, table, time } from '../dom.js';

let filter = { user: '', action: '', q: '' };

export async function render(ctx) {
  const p = new URLSearchParams({ ...filter, limit: 200 });
  const d = await get(`/api/audit?${p}`);
  const user = h('input', { id: 'audit-user', placeholder: 'user', value: filter.user });
  const action = h('input', { id: 'audit-action', placeholder: 'action prefix', value: filter.action });
  const q = h('input', { id: 'audit-q', placeholder: 'text', value: filter.q });
  return h('div', { 'data-test': 'audit' },
    h('h1', {}, 'Audit log'),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      filter = { user: user.value, action: action.value, q: q.value };
      document.getElementById('view').replaceChildren(await render(ctx));
    } }, user, action, q, h('button', { type: 'submit' }, 'Filter')),
    table(['#', 'When', 'Who', 'What', 'Target', 'Before', 'After', 'Result'],
      d.items.map(e => [e.seq, time(e.time), e.user, e.action, e.target, e.before || '', e.after || '',
        h('span', { class: e.result.startsWith('ok') ? 'ok' : 'bad' }, e.result)]), { 'data-test': 'audit-table' }));
}

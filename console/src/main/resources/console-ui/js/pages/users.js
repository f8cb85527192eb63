import { get, post, put, del } from '../api.js';
import { h, table } from '../dom.js';

// Every user changes its own password here; admins also manage users (create, role, disable, delete).
let notice = null; // the outcome of the last change, shown once after the page is drawn again

export async function render(ctx) {
  const current = h('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password' });
  const next = h('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', minlength: 8, maxlength: 72 });
  const pwOut = h('p', { id: 'pw-result' });
  const own = h('div', {},
    h('h2', {}, `Your password (${ctx.session.user})`),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await post('/api/session/password', { current: current.value, password: next.value });
        pwOut.className = 'ok'; pwOut.textContent = 'Password changed; your other sessions were ended.';
      } catch (err) { pwOut.className = 'bad'; pwOut.textContent = err.message; }
      current.value = ''; next.value = '';
    } }, h('label', {}, 'Current', current), h('label', {}, 'New (8 to 72 characters)', next),
      h('button', { type: 'submit', id: 'pw-submit' }, 'Change')), pwOut);
  if (ctx.session.role !== 'admin') {
    return h('div', { 'data-test': 'users' }, h('h1', {}, 'Users'), own);
  }
  const list = await get('/api/users');
  const msg = notice ? h('p', { id: 'user-result', class: notice.cls }, notice.text) : h('p', { id: 'user-result' });
  notice = null;
  const act = async (fn, done) => {
    try { await fn(); notice = { cls: 'ok', text: done }; } catch (err) { notice = { cls: 'bad', text: err.message }; }
    document.getElementById('view').replaceChildren(await render(ctx));
  };
  const name = h('input', { id: 'user-name-new', placeholder: 'name', required: true });
  const role = h('select', { id: 'user-role-new' }, ['viewer', 'operator', 'admin'].map(r => h('option', { value: r }, r)));
  const pw = h('input', { id: 'user-password-new', type: 'password', autocomplete: 'new-password', placeholder: '8 to 72 characters' });
  return h('div', { 'data-test': 'users' },
    h('h1', {}, 'Users'),
    table(['Name', 'Role', 'State', 'Source', ''], list.map(u => [u.name,
      u.fromConfig ? u.role : h('select', { class: 'user-role', 'data-user': u.name, onchange: (e) => act(() => put(`/api/users/${encodeURIComponent(u.name)}`, { role: e.target.value }), `${u.name} is now ${e.target.value}.`) },
        ['viewer', 'operator', 'admin'].map(r => h('option', { value: r, selected: r === u.role }, r))),
      u.disabled ? h('span', { class: 'bad' }, 'disabled') : h('span', { class: 'ok' }, 'active'),
      u.fromConfig ? 'configuration file' : 'console',
      u.fromConfig ? '' : h('span', {},
        h('button', { type: 'button', class: 'user-toggle', 'data-user': u.name, onclick: () => act(() => put(`/api/users/${encodeURIComponent(u.name)}`, { disabled: !u.disabled }), `${u.name} ${u.disabled ? 'enabled' : 'disabled'}.`) }, u.disabled ? 'Enable' : 'Disable'),
        h('button', { type: 'button', onclick: () => { if (confirm(`Delete user ${u.name}?`)) act(() => del(`/api/users/${encodeURIComponent(u.name)}`), `${u.name} deleted.`); } }, 'Delete'))]),
    { 'data-test': 'users-table' }),
    msg,
    h('h2', {}, 'Add a user'),
    h('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      act(() => put(`/api/users/${encodeURIComponent(name.value)}`, { role: role.value, password: pw.value }), `Created ${name.value}.`);
    } }, h('label', {}, 'Name', name), h('label', {}, 'Role', role), h('label', {}, 'Password', pw),
      h('button', { type: 'submit', id: 'user-create' }, 'Create')),
    own);
}

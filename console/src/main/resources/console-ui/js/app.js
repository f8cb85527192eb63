import { get, post, setCsrf, whenUnauthorized } from './api.js';
import { h } from './dom.js';
import * as overview from './pages/overview.js';
import * as brokers from './pages/brokers.js';
import * as topics from './pages/topics.js';
import * as groups from './pages/groups.js';
import * as messages from './pages/messages.js';
import * as tail from './pages/tail.js';
import * as dlq from './pages/dlq.js';
import * as charts from './pages/charts.js';
import * as audit from './pages/audit.js';
import * as users from './pages/users.js';
import * as alerts from './pages/alerts.js';

const pages = { overview, brokers, topics, groups, messages, tail, dlq, charts, audit, users, alerts };
const state = { session: null, set: null, timer: null, cleanup: null };
const $ = (id) => document.getElementById(id);

function showLogin() {
  state.session = null;
  $('login').hidden = false;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('view').replaceChildren();
}

async function showApp(session) {
  state.session = session;
  setCsrf(session.csrfToken);
  $('login').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('user-name').textContent = `${session.user} (${session.role})`;
  const sets = await get('/api/sets');
  const sel = $('set-select');
  sel.replaceChildren(...sets.map(s => h('option', { value: s.name }, s.name)));
  state.set = state.set && sets.some(s => s.name === state.set) ? state.set : sets[0].name;
  sel.value = state.set;
  route();
}

export function context() {
  return { set: state.set, session: state.session, base: `/api/sets/${encodeURIComponent(state.set)}` };
}

async function route() {
  if (!state.session) return;
  clearInterval(state.timer);
  if (state.cleanup) { state.cleanup(); state.cleanup = null; }
  const [name, ...rest] = (location.hash.replace(/^#\//, '') || 'overview').split('/');
  const page = pages[name] || overview;
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#/' + name));
  const view = $('view');
  const ctx = { ...context(), params: rest.map(decodeURIComponent), onCleanup: (fn) => { state.cleanup = fn; } };
  const draw = async () => {
    try {
      const el = await page.render(ctx);
      if (el) view.replaceChildren(el);
      $('banner').hidden = true;
    } catch (e) {
      $('banner').hidden = false;
      $('banner').textContent = e.message;
    }
  };
  await draw();
  const every = typeof page.refreshMillis === 'function' ? page.refreshMillis(ctx) : page.refreshMillis;
  if (every) state.timer = setInterval(draw, every);
}

async function start() {
  whenUnauthorized(showLogin);
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('login-error').textContent = '';
    try {
      const s = await post('/api/login', { user: $('login-user').value, password: $('login-password').value });
      $('login-password').value = '';
      await showApp(s);
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  });
  $('logout').addEventListener('click', async () => {
    try { await post('/api/logout'); } finally { showLogin(); }
  });
  $('set-select').addEventListener('change', (ev) => { state.set = ev.target.value; route(); });
  window.addEventListener('hashchange', route);
  try {
    await showApp(await get('/api/session'));
  } catch (e) {
    showLogin();
  }
}

start();

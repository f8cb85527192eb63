// Alerts: what fires now with its "what to do" card, the channels' health, silences, rules and the history.
// Every figure comes from /api/alerts*; changes send the CSRF token through api.js.
import { get, post, put, del } from '../api.js';
import { h, table, time } from '../dom.js';

let historyFilter = { kind: '', q: '' };

function figure(v) {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v ?? '');
}

function hintCard(a) {
  const hint = a.hint;
  return h('div', { class: 'hint', 'data-test': 'hint-card', 'data-problem': hint.problem },
    h('h3', {}, hint.title),
    h('p', { class: 'hint-what' }, hint.what),
    h('ul', { class: 'hint-evidence' }, hint.evidence.map(e => h('li', {}, e))),
    h('p', {}, h('strong', {}, 'Likely cause: '), hint.cause),
    h('p', {}, h('strong', {}, 'Next step: '), hint.next),
    h('p', {}, hint.actions.map(hintAction)));
}

// A link, or a one-click operation of the console API made after the user confirms what it does.
function hintAction(x) {
  if (!x.path) {
    return h('a', { class: 'hint-action', href: x.href }, x.label);
  }
  const out = h('span', { class: 'hint-action-result' });
  return h('span', {}, h('button', { type: 'button', class: 'hint-action', onclick: async () => {
    if (!window.confirm(x.confirm)) { return; }
    try {
      const send = { POST: post, PUT: put, DELETE: del }[x.method] || post;
      await send(x.path, x.method === 'DELETE' ? undefined : {});
      out.textContent = 'Done.';
    } catch (e) { out.textContent = e.message; }
  } }, x.label), ' ', out);
}

function alertCard(a, refresh) {
  const status = a.status === 'FIRING' ? (a.silencedBy ? 'silenced' : a.ackedBy ? `acknowledged by ${a.ackedBy}` : 'firing')
    : 'pending';
  const msg = h('span', { class: 'alert-msg' });
  const act = async (fn) => { try { await fn(); await refresh(); } catch (e) { msg.textContent = e.message; } };
  return h('section', { class: `alert-card ${a.severity.toLowerCase()} ${a.status.toLowerCase()}`, 'data-test': 'alert-card',
    'data-condition': a.condition, 'data-target': a.target },
    h('header', {},
      h('span', { class: 'alert-status' }, status.toUpperCase()), ' ',
      h('strong', {}, a.title), ' — ', h('span', { class: 'alert-target' }, `${a.target} (${a.set})`)),
    h('p', { class: 'muted' }, `${a.condition} · rule ${a.rule} · ${a.unit}: ${figure(a.value)} (threshold ${figure(a.threshold)}, `
      + `resolves at ${figure(a.resolveThreshold)}) · ${a.status === 'FIRING' ? 'firing since ' + time(a.firedAt)
        : 'pending since ' + time(a.pendingSince)}`),
    hintCard(a),
    a.status === 'FIRING' ? h('p', {},
      a.ackedBy ? null : h('button', { type: 'button', class: 'alert-ack', onclick: () => act(() => post(`/api/alerts/${a.id}/ack`)) },
        'Acknowledge'), ' ',
      h('button', { type: 'button', class: 'alert-silence', onclick: () => act(() => post('/api/alerts/silences',
        { rule: a.condition, target: a.target, minutes: 60, comment: `from alert ${a.id}` })) }, 'Silence this for 1 h'), ' ',
      msg) : null);
}

function channelsTable(d) {
  if (!d.channels.length) {
    return h('p', { class: 'muted', 'data-test': 'no-channels' },
      'No notification channel is configured (alert.mail.* or alert.webhook.urls in the console configuration).');
  }
  return table(['Channel', 'Delivered', 'Failed attempts', 'Given up', 'Waiting', 'Last error', 'Last delivery'],
    d.channels.map(c => [c.name, c.delivered,
      c.failedAttempts ? h('span', { class: 'bad' }, String(c.failedAttempts)) : 0,
      c.givenUp ? h('span', { class: 'bad' }, String(c.givenUp)) : 0, c.waiting,
      c.lastError ? h('span', { class: 'bad' }, `${c.lastError} (${time(c.lastErrorAt)})`) : '',
      time(c.lastDeliveredAt)]), { 'data-test': 'channels-table' });
}

// Faults of the alerting itself (notifications given up, state or outbox not written, failed rounds): never hidden.
function faultsTable(d) {
  const mine = d.faults.filter(f => f.name.startsWith('alert.') || f.name.startsWith('worker.console-alert'));
  if (!mine.length) {
    return null;
  }
  return h('div', {}, h('h2', {}, 'Alerting faults'),
    table(['Fault', 'Count', 'Last', 'Last message'], mine.map(f => [h('span', { class: 'bad' }, f.name), f.count,
      time(f.lastTimeMillis), f.lastMessage]), { 'data-test': 'alert-faults' }));
}

async function live(refresh) {
  const d = await get('/api/alerts');
  const firing = d.items.filter(a => a.status === 'FIRING');
  const pending = d.items.filter(a => a.status === 'PENDING');
  return h('div', { id: 'alerts-live' },
    h('p', { 'data-test': 'alerts-summary' }, d.enabled ? `${firing.length} firing, ${pending.length} pending · evaluated `
      + `${time(d.lastRoundAt)} (${d.rounds} rounds, ${d.failedRounds} failed)` : 'Alerting is turned off (alert.enabled=false).'),
    h('h2', {}, 'Channels'), channelsTable(d), faultsTable(d),
    h('h2', {}, 'Firing'),
    firing.length ? h('div', { 'data-test': 'firing' }, firing.map(a => alertCard(a, refresh)))
      : h('p', { class: 'ok', 'data-test': 'firing' }, 'Nothing fires.'),
    d.problems.length ? h('div', {}, h('h2', {}, 'Other problems'),
      h('div', { 'data-test': 'problems' }, d.problems.map(p => h('section', { class: 'alert-card' },
        h('p', { class: 'muted' }, p.set), hintCard({ hint: p.hint }))))) : null,
    pending.length ? h('div', {}, h('h2', {}, 'Pending (waiting for their for-duration)'),
      h('div', { 'data-test': 'pending' }, pending.map(a => alertCard(a, refresh)))) : null);
}

async function silences(refresh) {
  const d = await get('/api/alerts/silences');
  const rule = h('input', { id: 'silence-rule', placeholder: 'condition or rule id, or *', value: '*' });
  const target = h('input', { id: 'silence-target', placeholder: 'target pattern, e.g. orders-*', value: '*' });
  const minutes = h('input', { id: 'silence-minutes', type: 'number', min: 1, value: 60 });
  const comment = h('input', { id: 'silence-comment', placeholder: 'why' });
  const out = h('span', { id: 'silence-result' });
  return h('div', { 'data-test': 'silences' },
    table(['#', 'Rule', 'Target', 'Until', 'By', 'Comment', ''], d.items.map(s => [s.id, s.rule, s.target, time(s.untilMillis),
      s.createdBy, s.comment, h('button', { type: 'button', onclick: async () => {
        try { await del(`/api/alerts/silences/${s.id}`); await refresh(); } catch (e) { out.textContent = e.message; } } }, 'End now')])),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await post('/api/alerts/silences', { rule: rule.value, target: target.value, minutes: Number(minutes.value), comment: comment.value });
        await refresh();
      } catch (err) { out.textContent = err.message; }
    } }, h('label', {}, 'Rule', rule), h('label', {}, 'Target', target), h('label', {}, 'Minutes', minutes),
    h('label', {}, 'Comment', comment), h('button', { type: 'submit', id: 'silence-submit' }, 'Add silence'), out));
}

async function rules(refresh) {
  const d = await get('/api/alerts/rules');
  const id = h('input', { id: 'rule-id', placeholder: 'rule id, e.g. orders-backlog' });
  const cond = h('select', { id: 'rule-condition' }, d.conditions.map(c => h('option', { value: c.id }, c.id)));
  const fields = h('input', { id: 'rule-fields', size: 60, placeholder: 'group=orders-*, threshold=1000, forSeconds=60' });
  const out = h('span', { id: 'rule-result' });
  const edit = (r) => { id.value = r.id; cond.value = r.fields.condition;
    fields.value = Object.entries(r.fields).filter(([k]) => k !== 'condition').map(([k, v]) => `${k}=${v}`).join(', '); };
  return h('div', { 'data-test': 'rules' },
    table(['Rule', 'Condition', 'On', 'Threshold', 'Resolves at', 'For (s)', 'Window (s)', 'Applies to', ''],
      d.rules.map(r => [r.id + (r.builtIn ? ' (built-in)' : '') + (r.configured ? ' (config file)' : ''), r.fields.condition,
        r.fields.enabled, r.fields.threshold, r.fields.resolveThreshold, r.fields.forSeconds, r.fields.windowSeconds,
        ['set', 'cluster', 'broker', 'topic', 'group'].filter(k => r.fields[k] !== '*').map(k => `${k}=${r.fields[k]}`).join(' ') || 'all',
        r.configured ? '' : h('span', {}, h('button', { type: 'button', onclick: () => edit(r) }, 'Edit'), ' ',
          h('button', { type: 'button', onclick: async () => {
            try { await del(`/api/alerts/rules/${encodeURIComponent(r.id)}`); await refresh(); } catch (e) { out.textContent = e.message; }
          } }, r.builtIn ? 'Reset' : 'Delete'))]), { 'data-test': 'rules-table' }),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      const body = { condition: cond.value };
      for (const part of fields.value.split(',').map(s => s.trim()).filter(Boolean)) {
        const i = part.indexOf('=');
        if (i < 0) { out.textContent = `'${part}' is not field=value`; return; }
        body[part.slice(0, i).trim()] = part.slice(i + 1).trim();
      }
      try { await put(`/api/alerts/rules/${encodeURIComponent(id.value)}`, body); out.textContent = `Saved ${id.value}`; await refresh(); }
      catch (err) { out.textContent = err.message; }
    } }, h('label', {}, 'Id', id), h('label', {}, 'Condition', cond), h('label', {}, 'Fields', fields),
    h('button', { type: 'submit', id: 'rule-submit' }, 'Save rule (admin)'), out),
    h('p', { class: 'muted' }, 'Fields: ' + d.fields.map(f => `${f.name} (${f.allowed})`).join('; ')));
}

async function history() {
  const p = new URLSearchParams({ ...historyFilter, limit: 200 });
  const d = await get(`/api/alerts/history?${p}`);
  return table(['#', 'When', 'What', 'Subject', 'By', 'Detail'], d.items.map(e => [e.seq, time(e.time),
    h('span', { class: e.kind === 'NOTIFY_FAILED' || e.kind === 'FIRED' ? 'bad' : e.kind === 'RESOLVED' ? 'ok' : '' }, e.kind),
    e.subject, e.by, e.detail]), { 'data-test': 'alert-history' });
}

export async function render(ctx) {
  const root = h('div', { 'data-test': 'alerts' });
  const liveBox = h('div');
  const silenceBox = h('div');
  const ruleBox = h('div');
  const historyBox = h('div');
  const refresh = async () => {
    liveBox.replaceChildren(await live(refresh));
    silenceBox.replaceChildren(await silences(refresh));
    historyBox.replaceChildren(await history());
  };
  const refreshRules = async () => { ruleBox.replaceChildren(await rules(refreshRules)); await refresh(); };
  const kind = h('input', { id: 'history-kind', placeholder: 'FIRED, RESOLVED, NOTIFIED...', value: historyFilter.kind });
  const q = h('input', { id: 'history-q', placeholder: 'text', value: historyFilter.q });
  await refresh();
  ruleBox.replaceChildren(await rules(refreshRules));
  const timer = setInterval(async () => {
    try { liveBox.replaceChildren(await live(refresh)); } catch (e) { /* the banner shows errors on the next navigation */ }
  }, 3000);
  ctx.onCleanup(() => clearInterval(timer));
  root.append(h('h1', {}, 'Alerts'), liveBox,
    h('h2', {}, 'Silences'), silenceBox,
    h('h2', {}, 'Rules'), ruleBox,
    h('h2', {}, 'History'),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault(); historyFilter = { kind: kind.value, q: q.value }; historyBox.replaceChildren(await history());
    } }, kind, q, h('button', { type: 'submit' }, 'Filter')), historyBox);
  return root;
}

import { get, post, del } from '../api.js';
import { h, table, fmt, partialNote } from '../dom.js';
import { lineChart } from '../chart.js';
import { historyCharts } from '../history.js';

let query = { q: '', page: 0 };

export async function render(ctx) {
  if (ctx.params[0]) return detail(ctx, ctx.params[0]);
  const list = await get(`${ctx.base}/groups?q=${encodeURIComponent(query.q)}&page=${query.page}&size=50`);
  const q = h('input', { id: 'group-search', placeholder: 'search', value: query.q });
  const pages = Math.max(1, Math.ceil(list.total / list.size));
  return h('div', { 'data-test': 'groups' },
    h('h1', {}, 'Consumer groups'), partialNote(list),
    h('form', { class: 'inline', onsubmit: async (e) => { e.preventDefault(); query = { q: q.value, page: 0 };
      document.getElementById('view').replaceChildren(await render(ctx)); } }, q, h('button', { type: 'submit' }, 'Search')),
    table(['Group', 'Topics', 'Online clients', 'Lag', 'Consume TPS', 'Dead letters'],
      list.items.map(g => [h('a', { href: `#/groups/${encodeURIComponent(g.name)}` }, g.name), g.topics.join(', '),
        g.onlineClients === 0 ? h('span', { class: 'warn' }, 'none online') : g.onlineClients,
        g.lag, fmt(g.consumeTps), g.dlqDepth]),
      { 'data-test': 'groups-table' }),
    h('p', {}, `${list.total} groups · page ${list.page + 1} of ${pages}`));
}

async function detail(ctx, group) {
  const base = `${ctx.base}/groups/${encodeURIComponent(group)}`;
  const [d, c] = await Promise.all([get(base), get(`${base}/charts`)]);
  const topics = [...new Set(d.queues.map(q => q.topic).filter(t => !t.startsWith('%RETRY%') && !t.startsWith('%DLQ%')))];
  const topic = h('select', { id: 'reset-topic' }, topics.map(t => h('option', { value: t }, t)));
  const mode = h('select', { id: 'reset-mode' }, ['earliest', 'latest', 'timestamp', 'offset'].map(m => h('option', { value: m }, m)));
  const when = h('input', { id: 'reset-timestamp', type: 'datetime-local', step: 1 });
  const exact = h('input', { id: 'reset-offsets', placeholder: 'broker:queue=offset, ...' });
  const out = h('div', { id: 'reset-result' });
  const body = () => {
    const b = { topic: topic.value, mode: mode.value };
    if (mode.value === 'timestamp') b.timestamp = new Date(when.value).getTime();
    if (mode.value === 'offset') b.offsets = exact.value.split(',').map(s => s.trim()).filter(Boolean).map(s => {
      const [q, off] = s.split('='); const [broker, queueId] = q.split(':');
      return { broker, queueId: Number(queueId), offset: Number(off) };
    });
    return b;
  };
  const rowsOf = (r) => r.topics ? Object.entries(r.topics).flatMap(([t, x]) => x.queues.map(q => ({ ...q, topic: t }))) : r.queues;
  const showResult = (r) => out.replaceChildren(
    h('p', { class: r.applied ? 'ok' : 'bad', id: 'reset-applied' }, r.applied ? 'Applied and read back on every queue.' : 'Not applied on every queue: see below.'),
    table(['Topic', 'Broker', 'Queue', 'Before', 'Target', 'Now'], rowsOf(r).map(q => [q.topic || topic.value, q.broker, q.queueId, q.before, q.target, q.after]), { id: 'reset-result-table' }),
    h('button', { type: 'button', id: 'reset-undo', onclick: async () => {
      try { showResult(await post(`${base}/reset/undo`)); } catch (e) { out.append(h('p', { class: 'bad' }, e.message)); }
    } }, 'Undo this reset'));
  return h('div', { 'data-test': 'group-detail' },
    h('h1', {}, 'Group ', group),
    h('p', {}, `Consume TPS ${fmt(d.consumeTps)} · online clients: ${d.clients.length}`),
    d.clients.length ? table(['Client', 'Address', 'Language', 'Version'], d.clients.map(c => [c.clientId, c.address, c.language, c.version])) : h('p', { class: 'warn' }, 'No consumer online.'),
    h('p', { 'data-test': 'group-traffic' }, `Consumed ${fmt(c.consumed.minuteTps)}/s (hour ${fmt(c.consumed.hourTps)}/s, day ${c.consumed.daySum}) by the brokers' statistics`,
      c.error ? h('span', { class: 'bad' }, ' · sampling failed: ', c.error) : null),
    historyCharts(ctx, 'group', group, [
      { title: 'Backlog (messages)', series: { backlog: 'backlog' }, always: true },
      { title: 'Consumed per second', series: { consumed: 'tpsOut' }, always: true },
      { title: 'Lag age (seconds of the oldest unconsumed message)', series: { 'lag age': 'lagSeconds' } },
      { title: 'Dead letters', series: { 'DLQ depth': 'dlqDepth' } }]),
    h('h2', {}, 'Live (since this group was first opened)'),
    lineChart('Consumed per second', { consumed: c.consumedPoints }),
    lineChart('Lag (messages)', { lag: c.lagPoints }),
    h('h2', {}, 'Lag per queue'),
    table(['Topic', 'Broker', 'Queue', 'Broker offset', 'Consumer offset', 'Lag (messages)', 'Lag (seconds)'],
      d.queues.map(q => [q.topic, q.broker, q.queueId, q.brokerOffset, q.consumerOffset, q.lag, q.lagSeconds]),
      { 'data-test': 'lag-table' }),
    h('h2', {}, 'Reset offsets (operator)'),
    h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() },
      h('label', {}, 'Topic', topic), h('label', {}, 'To', mode), h('label', {}, 'Time', when), h('label', {}, 'Exact offsets', exact),
      h('button', { type: 'button', id: 'reset-preview', onclick: async () => {
        try {
          const p = await post(`${base}/reset/preview`, body());
          out.replaceChildren(table(['Broker', 'Queue', 'Current', 'New'], p.queues.map(q => [q.broker, q.queueId, q.current, q.target]), { id: 'reset-preview-table' }),
            h('button', { type: 'button', id: 'reset-apply', onclick: async () => {
              try { showResult(await post(`${base}/reset`, body())); } catch (e) { out.append(h('p', { class: 'bad' }, e.message)); }
            } }, 'Apply this reset'));
        } catch (e) { out.replaceChildren(h('p', { class: 'bad' }, e.message)); }
      } }, 'Preview'),
      h('button', { type: 'button', id: 'skip-backlog', title: 'every topic of the group to its latest offset', onclick: async () => {
        if (!confirm(`Skip the whole backlog of ${group} on every topic?`)) return;
        try { showResult(await post(`${base}/skip-backlog`, {})); } catch (e) { out.replaceChildren(h('p', { class: 'bad' }, e.message)); }
      } }, 'Skip backlog')),
    out,
    h('h2', {}, 'Delete (admin, only with no consumer online; also deletes its retry and DLQ topics)'),
    h('button', { type: 'button', id: 'group-delete', onclick: async () => {
      if (prompt(`Type ${group} to delete it`) !== group) return;
      try { await del(`${base}?confirm=${encodeURIComponent(group)}`); location.hash = '#/groups'; } catch (e) { out.replaceChildren(h('p', { class: 'bad' }, e.message)); }
    } }, 'Delete group'));
}

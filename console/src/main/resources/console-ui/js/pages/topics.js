import { get, post, put, del } from '../api.js';
import { h, table, fmt, time, partialNote } from '../dom.js';
import { lineChart } from '../chart.js';
import { historyCharts } from '../history.js';

let query = { q: '', page: 0 };

export async function render(ctx) {
  if (ctx.params[0]) return detail(ctx, ctx.params[0]);
  const list = await get(`${ctx.base}/topics?q=${encodeURIComponent(query.q)}&page=${query.page}&size=50`);
  const q = h('input', { id: 'topic-search', placeholder: 'search', value: query.q });
  const pages = Math.max(1, Math.ceil(list.total / list.size));
  const name = h('input', { id: 'topic-name', placeholder: 'topic name', required: true });
  const queues = h('input', { id: 'topic-queues', type: 'number', value: 8, min: 1, max: 1024 });
  const groups = h('input', { id: 'topic-groups', placeholder: 'broker groups (empty: all masters)' });
  const msg = h('p', { id: 'topic-create-result' });
  return h('div', { 'data-test': 'topics' },
    h('h1', {}, 'Topics'), partialNote(list),
    h('form', { class: 'inline', id: 'topic-search-form', onsubmit: (e) => { e.preventDefault(); query = { q: q.value, page: 0 }; rerender(ctx); } },
      q, h('button', { type: 'submit' }, 'Search')),
    table(['Topic', 'Broker groups', 'Queues', 'Messages', 'TPS', 'Last stored'],
      list.items.map(t => [h('a', { href: `#/topics/${encodeURIComponent(t.name)}` }, t.name),
        t.brokerGroups.join(', '), t.queues, t.messages, fmt(t.tps), time(t.lastStoreTime) + (t.stale ? ' (stale)' : '')]),
      { 'data-test': 'topics-table' }),
    h('p', {}, `${list.total} topics · page ${list.page + 1} of ${pages} `,
      h('button', { type: 'button', disabled: list.page === 0, onclick: () => { query.page--; rerender(ctx); } }, 'Previous'),
      h('button', { type: 'button', disabled: list.page + 1 >= pages, onclick: () => { query.page++; rerender(ctx); } }, 'Next')),
    h('h2', {}, 'Create a topic (admin)'),
    h('form', { class: 'inline', id: 'topic-create', onsubmit: async (e) => {
      e.preventDefault();
      const body = { topic: name.value, queues: Number(queues.value) };
      if (groups.value.trim()) body.brokerGroups = groups.value.split(',').map(s => s.trim()).filter(Boolean);
      try {
        await post(`${ctx.base}/topics`, body);
        msg.className = 'ok'; msg.textContent = `Created ${name.value}.`;
      } catch (err) { msg.className = 'bad'; msg.textContent = err.message; }
    } }, h('label', {}, 'Name', name), h('label', {}, 'Queues', queues), h('label', {}, 'Broker groups', groups),
      h('button', { type: 'submit', id: 'topic-create-submit' }, 'Create')),
    msg);
}

async function rerender(ctx) {
  document.getElementById('view').replaceChildren(await render(ctx));
}

async function detail(ctx, topic) {
  const [d, c] = await Promise.all([get(`${ctx.base}/topics/${encodeURIComponent(topic)}`),
    get(`${ctx.base}/topics/${encodeURIComponent(topic)}/charts`)]);
  const out = h('div', { id: 'topic-delete-result' });
  const read = h('input', { id: 'queues-read', type: 'number', min: 1, max: 1024 });
  const write = h('input', { id: 'queues-write', type: 'number', min: 1, max: 1024 });
  const qmsg = h('p');
  return h('div', { 'data-test': 'topic-detail' },
    h('h1', {}, 'Topic ', topic),
    h('p', {}, `TPS ${fmt(d.tps)} · consumed by: ${d.groups.join(', ') || 'no group'}`),
    table(['Broker', 'Queue', 'Min offset', 'Max offset', 'Last stored'],
      d.queues.map(q => [q.broker, q.queueId, q.minOffset, q.maxOffset, time(q.lastStoreTime)])),
    h('h2', {}, 'Traffic (from the brokers\' statistics)'),
    h('p', { 'data-test': 'topic-traffic' }, `In ${fmt(c.in.minuteTps)}/s (hour ${fmt(c.in.hourTps)}/s, day ${c.in.daySum}) · out ${fmt(c.out.minuteTps)}/s (hour ${fmt(c.out.hourTps)}/s, day ${c.out.daySum})`,
      c.error ? h('span', { class: 'bad' }, ' · sampling failed: ', c.error) : null),
    lineChart('Messages per second in and out (live, since this topic was first opened)', { in: c.inPoints, out: c.outPoints }),
    historyCharts(ctx, 'topic', topic, [{ title: 'Messages in per second', series: { in: 'tpsIn' }, always: true }]),
    h('h2', {}, 'Route'),
    table(['Broker group', 'Read queues', 'Write queues', 'Perm'], d.route.queues.map(q => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm])),
    h('h2', {}, 'Queues (admin): expand, or shrink write queues first and read queues after they drain'),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const r = await put(`${ctx.base}/topics/${encodeURIComponent(topic)}/queues`, { readQueues: Number(read.value), writeQueues: Number(write.value) });
        qmsg.className = 'ok'; qmsg.textContent = 'Updated. ' + (r.hint || '');
      } catch (err) { qmsg.className = 'bad'; qmsg.textContent = err.message; }
    } }, h('label', {}, 'Read', read), h('label', {}, 'Write', write), h('button', { type: 'submit' }, 'Apply')), qmsg,
    h('h2', {}, 'Delete (admin)'),
    h('button', { type: 'button', id: 'topic-delete-preview', onclick: async () => {
      try {
        const p = await get(`${ctx.base}/topics/${encodeURIComponent(topic)}/delete-preview`);
        const confirmBox = h('input', { id: 'topic-delete-confirm', placeholder: `type ${topic} to confirm` });
        out.replaceChildren(
          h('p', { class: 'warn' }, `Deleting loses ${p.messages} stored messages.`),
          table(['Group consuming it', 'Backlog lost'], p.groups.map(g => [g.group, g.lag])),
          confirmBox,
          h('button', { type: 'button', id: 'topic-delete', onclick: async () => {
            try {
              await del(`${ctx.base}/topics/${encodeURIComponent(topic)}?confirm=${encodeURIComponent(confirmBox.value)}`);
              location.hash = '#/topics';
            } catch (err) { out.append(h('p', { class: 'bad' }, err.message)); }
          } }, 'Delete'));
      } catch (err) { out.replaceChildren(h('p', { class: 'bad' }, err.message)); }
    } }, 'Preview deletion'), out);
}

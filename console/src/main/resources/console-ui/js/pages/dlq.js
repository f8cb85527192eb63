import { get, post } from '../api.js';
import { h, table, time } from '../dom.js';
import { lineChart } from '../chart.js';

export async function render(ctx) {
  if (ctx.params[0]) return detail(ctx, ctx.params[0]);
  const d = await get(`${ctx.base}/dlq`);
  return h('div', { 'data-test': 'dlq' }, h('h1', {}, 'Dead letters'),
    d.items.length === 0 ? h('p', { class: 'ok' }, 'No group has dead letters.') :
      table(['Group', 'Depth'], d.items.map(x => [h('a', { href: `#/dlq/${encodeURIComponent(x.group)}` }, x.group), x.depth]), { 'data-test': 'dlq-table' }),
    ...d.items.map(x => lineChart(`DLQ depth growth of ${x.group} (messages/s)`, { [x.group]: x.trend })));
}

async function detail(ctx, group) {
  const base = `${ctx.base}/dlq/${encodeURIComponent(group)}`;
  const d = await get(`${base}/messages?limit=100`);
  const out = h('div', { id: 'dlq-result' });
  const rate = h('input', { id: 'dlq-rate', type: 'number', value: 50, min: 1, max: 10000 });
  const boxes = d.items.map(m => h('input', { type: 'checkbox', class: 'dlq-pick', value: m.position }));
  return h('div', { 'data-test': 'dlq-detail' },
    h('h1', {}, 'Dead letters of ', group),
    table(['', 'Position', 'Original topic', 'Stored', 'Keys', 'Body', 'Resent'],
      d.items.map((m, i) => [boxes[i], m.position, m.originalTopic, time(m.storeTime), m.keys, (m.bodyText || '').slice(0, 60),
        m.resent ? `by ${m.resent.user} as ${m.resent.newMsgId}` : '']), { 'data-test': 'dlq-messages' }),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      const positions = boxes.filter(b => b.checked).map(b => b.value);
      try {
        const r = await post(`${base}/resend`, { positions, ratePerSecond: Number(rate.value) });
        out.replaceChildren(h('p', { class: 'ok', id: 'dlq-resent' }, `${r.resent} resent`),
          table(['Position', 'Result', 'New id'], r.results.map(x => [x.position, x.result, x.newMsgId || ''])));
      } catch (err) { out.replaceChildren(h('p', { class: 'bad' }, err.message)); }
    } }, h('label', {}, 'Rate (messages/s)', rate), h('button', { type: 'submit', id: 'dlq-resend' }, 'Resend selected to the original topic')),
    out);
}

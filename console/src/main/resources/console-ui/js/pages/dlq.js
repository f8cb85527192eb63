import { get, post } from '../api.js';
import { h, table, time } from '../dom.js';
import { lineChart } from '../chart.js';

export async function render(ctx) {
  if (ctx.params[0]) return detail(ctx, ctx.params[0]);
  const d = await get(`${ctx.base}/dlq`);
  return h('div', { 'data-test': 'dlq' }, h('h1', {}, 'Dead letters'),
    d.items.length === 0 ? h('p', { class: 'ok' }, 'No group has dead letters.') :
      table(['Group', 'Depth (not skipped)', 'Stored'], d.items.map(x => [h('a', { href: `#/dlq/${encodeURIComponent(x.group)}` }, x.group), x.depth, x.stored]), { 'data-test': 'dlq-table' }),
    ...d.items.map(x => lineChart(`DLQ depth growth of ${x.group} (messages/s)`, { [x.group]: x.trend })));
}

// The answer of a resend: exact counts, and a row per dead letter; red as soon as one failed.
function resendResult(r) {
  return [h('p', { class: r.complete ? 'ok' : 'bad', id: 'dlq-resent' },
    `${r.resent} resent, ${r.failed} failed, ${r.skipped} skipped (resent before)` + (r.truncated ? '; more matched the range: resend again' : '')),
  table(['Position', 'Result', 'New id'], r.results.map(x => [x.position, x.result, x.newMsgId || '']), { id: 'dlq-results' })];
}

async function detail(ctx, group) {
  const base = `${ctx.base}/dlq/${encodeURIComponent(group)}`;
  const d = await get(`${base}/messages?limit=100`);
  const out = h('div', { id: 'dlq-result' });
  const rate = h('input', { id: 'dlq-rate', type: 'number', value: 50, min: 1, max: 10000 });
  const from = h('input', { id: 'dlq-from', type: 'datetime-local', step: 1 });
  const to = h('input', { id: 'dlq-to', type: 'datetime-local', step: 1 });
  const boxes = d.items.map(m => h('input', { type: 'checkbox', class: 'dlq-pick', value: m.position }));
  const send = async (body) => {
    try {
      out.replaceChildren(...resendResult(await post(`${base}/resend`, { ...body, ratePerSecond: Number(rate.value) })));
    } catch (err) { out.replaceChildren(h('p', { class: 'bad' }, err.message)); }
  };
  return h('div', { 'data-test': 'dlq-detail' },
    h('h1', {}, 'Dead letters of ', group),
    h('p', { class: 'muted' }, 'Dead letters after the last skip; resent ones are marked and not resent twice.'),
    table(['', 'Position', 'Original topic', 'Stored', 'Keys', 'Body', 'Resent'],
      d.items.map((m, i) => [boxes[i], m.position, m.originalTopic, time(m.storeTime), m.keys, (m.bodyText || '').slice(0, 60),
        m.resent ? `by ${m.resent.user} as ${m.resent.newMsgId}` : '']), { 'data-test': 'dlq-messages' }),
    h('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      send({ positions: boxes.filter(b => b.checked).map(b => b.value) });
    } }, h('label', {}, 'Rate (messages/s)', rate), h('button', { type: 'submit', id: 'dlq-resend' }, 'Resend selected to the original topic')),
    h('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      const body = { begin: from.value ? new Date(from.value).getTime() : 0 };
      if (to.value) body.end = new Date(to.value).getTime();
      send(body);
    } }, h('label', {}, 'Stored from', from), h('label', {}, 'to (empty: now)', to),
      h('button', { type: 'submit', id: 'dlq-resend-range' }, 'Resend this time range')),
    h('h2', {}, 'Skip (operator)'),
    h('p', {}, 'Skipping marks every dead letter of the group as handled: the depth drops to 0; they stay stored until retention removes them.'),
    h('button', { type: 'button', id: 'dlq-skip', onclick: async () => {
      if (prompt(`Type ${group} to skip all its dead letters`) !== group) return;
      try {
        const r = await post(`${base}/skip`, { confirm: group });
        out.replaceChildren(h('p', { class: r.applied ? 'ok' : 'bad', id: 'dlq-skipped' }, `${r.skipped} dead letters skipped`),
          table(['Broker', 'Queue', 'Before', 'After'], r.queues.map(q => [q.broker, q.queueId, q.before, q.after])));
      } catch (err) { out.replaceChildren(h('p', { class: 'bad' }, err.message)); }
    } }, 'Skip all dead letters'),
    out);
}

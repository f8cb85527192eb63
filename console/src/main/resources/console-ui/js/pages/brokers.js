import { get, post, put } from '../api.js';
import { h, table, fmt, time, partialNote } from '../dom.js';
import { historyCharts } from '../history.js';

export const refreshMillis = (ctx) => (ctx.params[0] ? 0 : 5000);

export async function render(ctx) {
  if (ctx.params[0]) return detail(ctx, ctx.params[0]);
  const b = await get(`${ctx.base}/brokers`);
  return h('div', { 'data-test': 'brokers' },
    h('h1', {}, 'Brokers'), partialNote(b),
    table(['Cluster', 'Group', 'Role', 'Address', 'Status', 'Version', 'Send TPS', 'Consume TPS', 'Commit log', 'Disk', 'Replica lag (bytes)'],
      b.brokers.map(x => [x.cluster, x.group, x.role,
        h('a', { href: `#/brokers/${encodeURIComponent(x.address)}` }, x.address),
        x.reachable ? h('span', { class: 'ok' }, 'up') : h('span', { class: 'bad', title: x.error }, 'not answering'),
        x.version, fmt(x.sendTps), fmt(x.consumeTps), `${x.commitLogMinOffset} – ${x.commitLogMaxOffset}`,
        (x.diskRatio * 100).toFixed(0) + '%', x.role === 'slave' ? x.replicationLagBytes : '']),
      { 'data-test': 'brokers-table' }));
}

async function detail(ctx, addr) {
  ctx.onCleanup(() => {});
  const base = `${ctx.base}/brokers/${encodeURIComponent(addr)}`;
  const [runtime, config, recent] = await Promise.all([get(`${base}/runtime`), get(`${base}/config`), get(`${base}/messages?limit=100`)]);
  const key = h('input', { id: 'config-key', placeholder: 'key', list: 'config-keys' });
  const value = h('input', { id: 'config-value', placeholder: 'new value' });
  const out = h('div', { id: 'config-result' });
  const changes = () => ({ changes: { [key.value]: value.value } });
  const el = h('div', { 'data-test': 'broker-detail' },
    h('h1', {}, 'Broker ', addr),
    historyCharts(ctx, 'broker', addr, [
      { title: 'Messages per second', series: { in: 'tpsIn', out: 'tpsOut' }, always: true },
      { title: 'Disk used (ratio)', series: { disk: 'diskRatio' } },
      { title: 'Replication lag (bytes behind the master)', series: { lag: 'replicationLagBytes' } }]),
    h('h2', {}, 'Change a setting (admin)'),
    h('datalist', { id: 'config-keys' }, Object.keys(config).map(k => h('option', { value: k }))),
    h('p', { class: 'muted' }, 'Only settings a running broker may change are accepted; the broker refuses any other and says which.'),
    h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() }, key, value,
      h('button', { type: 'button', id: 'config-preview', onclick: async () => {
        try {
          const d = await post(`${base}/config/preview`, changes());
          out.replaceChildren(table(['Key', 'Before', 'After'], d.diff.map(x => [x.key, x.before, x.after]), { id: 'config-diff' }),
            h('button', { type: 'button', id: 'config-apply', onclick: async () => {
              try {
                const r = await put(`${base}/config`, changes());
                out.replaceChildren(h('p', { class: r.applied ? 'ok' : 'bad', id: 'config-applied' },
                  r.applied ? 'Applied and read back. ' : 'The broker does not hold every new value: ', r.remark || ''),
                  table(['Key', 'Before', 'Requested', 'Now'], r.diff.map(x => [x.key, x.before, x.after, x.now])));
              } catch (e) { out.replaceChildren(h('p', { class: 'bad', id: 'config-refused' }, e.message)); }
            } }, 'Apply'));
        } catch (e) { out.replaceChildren(h('p', { class: 'bad' }, e.message)); }
      } }, 'Preview diff')),
    out,
    h('h2', {}, `Last ${recent.items.length} messages stored`),
    recent.cutShort ? h('p', { class: 'warn' }, `Read the ${recent.topicsRead} most recently written topics only.`) : null,
    table(['Stored', 'Topic', 'Position', 'Tags', 'Keys', 'Body'], recent.items.map(m => [time(m.storeTime), m.topic,
      `${m.broker}:${m.queueId}@${m.queueOffset}`, m.tags, m.keys, (m.bodyText || '(binary)').slice(0, 60)]), { 'data-test': 'broker-recent' }),
    h('h2', {}, 'Runtime'), table(['Key', 'Value'], Object.entries(runtime)),
    h('h2', {}, 'Configuration'), table(['Key', 'Value'], Object.entries(config)));
  return el;
}

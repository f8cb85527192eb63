import { get, post, put } from '../api.js';
import { h, table, fmt, partialNote } from '../dom.js';

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
  const [runtime, config] = await Promise.all([get(`${base}/runtime`), get(`${base}/config`)]);
  const key = h('input', { id: 'config-key', placeholder: 'key', list: 'config-keys' });
  const value = h('input', { id: 'config-value', placeholder: 'new value' });
  const out = h('div', { id: 'config-result' });
  const changes = () => ({ changes: { [key.value]: value.value } });
  const el = h('div', { 'data-test': 'broker-detail' },
    h('h1', {}, 'Broker ', addr),
    h('h2', {}, 'Change a setting (admin)'),
    h('datalist', { id: 'config-keys' }, Object.keys(config).map(k => h('option', { value: k }))),
    h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() }, key, value,
      h('button', { type: 'button', onclick: async () => {
        try {
          const d = await post(`${base}/config/preview`, changes());
          out.replaceChildren(table(['Key', 'Before', 'After'], d.diff.map(x => [x.key, x.before, x.after])),
            h('button', { type: 'button', id: 'config-apply', onclick: async () => {
              try {
                const r = await put(`${base}/config`, changes());
                out.replaceChildren(h('p', { class: 'ok' }, 'Applied. ', r.remark || ''));
              } catch (e) { out.replaceChildren(h('p', { class: 'bad' }, e.message)); }
            } }, 'Apply'));
        } catch (e) { out.replaceChildren(h('p', { class: 'bad' }, e.message)); }
      } }, 'Preview diff')),
    out,
    h('h2', {}, 'Runtime'), table(['Key', 'Value'], Object.entries(runtime)),
    h('h2', {}, 'Configuration'), table(['Key', 'Value'], Object.entries(config)));
  return el;
}

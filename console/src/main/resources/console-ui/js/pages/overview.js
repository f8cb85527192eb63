import { get } from '../api.js';
import { h, table, fmt, time, partialNote } from '../dom.js';

export const refreshMillis = 5000;

export async function render(ctx) {
  const o = await get(`${ctx.base}/overview`);
  const clusters = Object.entries(o.clusters).map(([c, groups]) => h('div', {},
    h('h2', {}, 'Cluster ', c),
    table(['Broker group', 'Brokers up', 'Send TPS', 'Consume TPS'],
      groups.map(g => [g.group, `${g.reachable}/${g.brokers}`, fmt(g.sendTps), fmt(g.consumeTps)]),
      { 'data-test': 'overview-groups' })));
  return h('div', { 'data-test': 'overview' },
    h('h1', {}, 'Overview of ', o.set),
    h('p', { class: 'muted' }, `Snapshot ${time(o.takenAt)} (took ${o.tookMillis} ms) · ${o.topics} topics · ${o.groups} groups`),
    partialNote(o),
    h('h2', {}, 'Needs attention'),
    o.attention.length === 0 ? h('p', { class: 'ok' }, 'Nothing needs attention.')
      : table(['', 'What', 'Why'], o.attention.map(a => [h('span', { class: a.level === 'error' ? 'bad' : 'warn' }, a.level),
        `${a.kind} ${a.what}`, a.why]), { 'data-test': 'attention' }),
    clusters);
}

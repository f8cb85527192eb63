import { get } from '../api.js';
import { h } from '../dom.js';
import { lineChart } from '../chart.js';
import { historyCharts } from '../history.js';

export const refreshMillis = 15000;

export async function render(ctx) {
  const [s, o] = await Promise.all([get(`${ctx.base}/charts`), get(`${ctx.base}/overview`)]);
  const pick = (prefix, suffix) => Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith(prefix) && k.endsWith(suffix))
    .map(([k, v]) => [k.slice(prefix.length, k.length - suffix.length), v]));
  return h('div', { 'data-test': 'charts' },
    Object.keys(o.clusters || {}).map(c => h('div', {}, h('h1', {}, 'Cluster ', c),
      historyCharts(ctx, 'cluster', c, [{ title: 'Messages per second (masters)', series: { in: 'tpsIn', out: 'tpsOut' }, always: true }]))),
    h('h1', {}, 'Live: last hour'),
    lineChart('Send TPS per master', pick('broker:', ':put')),
    lineChart('Consume TPS per master', pick('broker:', ':get')),
    lineChart('TPS of the busiest topics', pick('topic:', '')),
    lineChart('Consume TPS of the most lagging groups', pick('group:', ':consumed')),
    lineChart('Backlog of the most lagging groups', pick('group:', ':lag')));
}

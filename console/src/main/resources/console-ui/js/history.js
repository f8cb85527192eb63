// Charts of the metric history the console keeps (GET /api/sets/{set}/history/{kind}/{name}): the last hour at
// once when a page opens, with a range selector (1h, 6h, 24h, 7d). The chosen range is kept while the user moves
// between pages.
import { get } from './api.js';
import { h } from './dom.js';
import { lineChart } from './chart.js';

export const RANGES = ['1h', '6h', '24h', '7d'];
let chosen = '1h';

const clock = (tm) => new Date(tm).toTimeString().slice(0, 5);
const day = (tm) => new Date(tm).toISOString().slice(5, 10) + ' ' + clock(tm);

// charts: [{ title, series: { legend: metric } }]; a chart whose metrics have no series at all is left out
// unless `always` is set on it.
export function historyCharts(ctx, kind, name, charts) {
  const body = h('div', { class: 'history-charts' });
  const status = h('span', { class: 'muted', 'data-test': 'history-status' });
  const select = h('select', { 'data-test': 'history-range', 'aria-label': 'history range' },
    RANGES.map(r => h('option', { value: r, selected: r === chosen }, r)));
  const load = async () => {
    const range = select.value;
    try {
      const d = await get(`${ctx.base}/history/${kind}/${encodeURIComponent(name)}?range=${range}`);
      const step = d.stepMillis >= 60000 ? `${Math.round(d.stepMillis / 60000)} min` : `${Math.round(d.stepMillis / 1000)} s`;
      status.textContent = `last ${d.range}, one point per ${step}` + (d.note ? ` · ${d.note}` : '');
      body.replaceChildren(...charts
        .filter(c => c.always || Object.values(c.series).some(m => d.series[m]))
        .map(c => lineChart(c.title, Object.fromEntries(Object.entries(c.series).map(([label, m]) => [label, d.series[m] || []])),
          520, 180, { empty: 'no samples in this range yet', axis: range === '1h' || range === '6h' ? clock : day,
            to: d.to })));
    } catch (e) {
      status.textContent = '';
      body.replaceChildren(h('p', { class: 'bad' }, 'History: ', e.message));
    }
  };
  select.addEventListener('change', () => { chosen = select.value; load(); });
  load();
  return h('div', { 'data-test': `history-${kind}` },
    h('h2', {}, 'History ', select, ' ', status), body);
}

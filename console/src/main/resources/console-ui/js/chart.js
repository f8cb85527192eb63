// A small SVG line chart: series of {time, value} points, one colour each, with the latest value in the legend.
const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

// options.empty: the text shown with no point; options.axis: label the start and end times under the chart;
// options.to: the right end of the time axis (default: the last point's time).
export function lineChart(title, series, width = 520, height = 180, options = {}) {
  const wrap = document.createElement('div');
  wrap.className = 'card';
  const t = document.createElement('div');
  t.textContent = title;
  wrap.append(t);
  const root = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}` });
  const all = Object.values(series).flat();
  const pad = 30;
  if (all.length === 0) {
    const txt = svg('text', { x: pad, y: height / 2, fill: '#667' });
    txt.textContent = options.empty || 'no samples yet (points every 15 s)';
    root.append(txt);
  } else {
    // options.to: the right edge is the end of the range asked for (now), so a series that stopped shows as such
    const t0 = Math.min(...all.map(p => p.time)), t1 = Math.max(options.to ?? 0, ...all.map(p => p.time));
    const vmax = Math.max(1, ...all.map(p => p.value));
    const x = (tm) => pad + (t1 === t0 ? 0 : (tm - t0) / (t1 - t0)) * (width - 2 * pad);
    const y = (v) => height - pad - (v / vmax) * (height - 2 * pad);
    root.append(svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: '#999' }));
    const top = svg('text', { x: 2, y: pad - 4, fill: '#667', 'font-size': 11 });
    top.textContent = vmax.toFixed(1);
    root.append(top);
    Object.entries(series).forEach(([name, pts], i) => {
      if (pts.length === 0) return;
      if (pts.length === 1) { // a lone point draws no line: a dot
        root.append(svg('circle', { cx: x(pts[0].time), cy: y(pts[0].value), r: 2.5, fill: COLOURS[i % COLOURS.length] }));
        return;
      }
      const d = pts.map((p, j) => (j ? 'L' : 'M') + x(p.time).toFixed(1) + ' ' + y(p.value).toFixed(1)).join(' ');
      root.append(svg('path', { d, fill: 'none', stroke: COLOURS[i % COLOURS.length], 'stroke-width': 1.5 }));
    });
    if (options.axis) {
      const label = (tm, x0, anchor) => {
        const el = svg('text', { x: x0, y: height - 8, fill: '#667', 'font-size': 11, 'text-anchor': anchor });
        el.textContent = options.axis(tm);
        root.append(el);
      };
      label(t0, pad, 'start');
      label(t1, width - pad, 'end');
    }
  }
  wrap.append(root);
  const legend = document.createElement('div');
  Object.entries(series).forEach(([name, pts], i) => {
    const s = document.createElement('span');
    s.style.color = COLOURS[i % COLOURS.length];
    s.style.marginRight = '1em';
    const last = pts.length ? pts[pts.length - 1].value.toFixed(1) : '-';
    s.textContent = `${name}: ${last}`;
    legend.append(s);
  });
  wrap.append(legend);
  return wrap;
}

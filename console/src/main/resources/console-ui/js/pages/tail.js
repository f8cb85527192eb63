import { h, time } from '../dom.js';

export async function render(ctx) {
  const topic = h('input', { id: 'tail-topic', placeholder: 'topic' });
  const tag = h('input', { id: 'tail-tag', placeholder: 'tag (optional)' });
  const key = h('input', { id: 'tail-key', placeholder: 'key (optional)' });
  const status = h('p', { id: 'tail-status', class: 'muted' }, 'Not started.');
  const rows = h('div', { id: 'tail-rows' });
  let source = null;
  const stop = () => { if (source) { source.close(); source = null; status.textContent = 'Stopped.'; } };
  ctx.onCleanup(stop);
  return h('div', { 'data-test': 'tail' },
    h('h1', {}, 'Live tail'),
    h('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      stop();
      rows.replaceChildren();
      const q = new URLSearchParams({ topic: topic.value });
      if (tag.value) q.set('tag', tag.value);
      if (key.value) q.set('key', key.value);
      source = new EventSource(`${ctx.base}/tail?${q}`);
      status.textContent = 'Connecting...';
      source.addEventListener('ready', () => { status.textContent = `Watching ${topic.value}`; status.dataset.ready = 'true'; });
      source.addEventListener('failed', (ev) => { status.textContent = 'Error: ' + JSON.parse(ev.data).error; });
      source.addEventListener('message', (ev) => {
        const m = JSON.parse(ev.data);
        rows.prepend(h('div', { class: 'tail-row' }, `${time(m.storeTime)} ${m.broker}:${m.queueId}@${m.queueOffset} tags=${m.tags ?? ''} keys=${m.keys ?? ''} `, m.bodyText ?? '(binary)'));
        while (rows.childElementCount > 500) rows.lastChild.remove();
      });
      source.onerror = () => { if (source && source.readyState === EventSource.CLOSED) status.textContent = 'Closed by the server.'; };
    } }, h('label', {}, 'Topic', topic), h('label', {}, 'Tag', tag), h('label', {}, 'Key', key),
      h('button', { type: 'submit', id: 'tail-start' }, 'Start'), h('button', { type: 'button', onclick: stop }, 'Stop')),
    status, rows);
}

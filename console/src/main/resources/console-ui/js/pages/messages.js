import { get, post } from '../api.js';
import { h, table, time } from '../dom.js';

export function messageView(m) {
  return h('div', { class: 'card', 'data-test': 'message' },
    table(['Field', 'Value'], [
      ['Message id', m.msgId], ['Offset id', m.offsetMsgId], ['Topic', m.topic], ['Queue', `${m.broker}:${m.queueId} @ ${m.queueOffset}`],
      ['Tags', m.tags], ['Keys', m.keys], ['Stored', `${time(m.storeTime)} on ${m.storeHost}`], ['Born', `${time(m.bornTime)} from ${m.bornHost}`],
      ['Reconsumed', m.reconsumeTimes], ['Properties', JSON.stringify(m.properties)],
      ['Body', `${m.bodySize} bytes${m.bodyTruncated ? ' (shown truncated)' : ''}`],
      ['Consumed by', (m.consumedBy || []).map(g => `${g.group}: ${g.consumed ? 'yes' : 'not yet'}`).join(', ')]]),
    h('pre', { class: 'body-text' }, m.bodyText ?? '(not UTF-8 text; see hex)'),
    h('details', {}, h('summary', {}, 'Hex'), h('pre', {}, m.bodyHex)));
}

export async function render(ctx) {
  const topic = h('input', { id: 'msg-topic', placeholder: 'topic' });
  const by = h('select', { id: 'msg-by' }, [['key', 'key'], ['id', 'message id'], ['offset', 'broker:queue:offset'], ['browse', 'browse last hour']]
    .map(([v, l]) => h('option', { value: v }, l)));
  const value = h('input', { id: 'msg-value', placeholder: 'value' });
  const results = h('div', { id: 'msg-results' });
  let cursor = null;
  const search = async (more) => {
    const t = encodeURIComponent(topic.value), v = value.value.trim();
    try {
      if (by.value === 'key') {
        const r = await get(`${ctx.base}/messages/by-key?topic=${t}&key=${encodeURIComponent(v)}`);
        results.replaceChildren(h('p', {}, `${r.items.length} found`), ...r.items.map(messageView));
      } else if (by.value === 'id') {
        results.replaceChildren(messageView(await get(`${ctx.base}/messages/by-id?topic=${t}&id=${encodeURIComponent(v)}`)));
      } else if (by.value === 'offset') {
        const [broker, queue, offset] = v.split(':');
        results.replaceChildren(messageView(await get(`${ctx.base}/messages/by-offset?topic=${t}&broker=${encodeURIComponent(broker)}&queue=${queue}&offset=${offset}`)));
      } else {
        const r = await get(`${ctx.base}/messages/browse?topic=${t}&limit=20${more && cursor ? '&cursor=' + cursor : ''}`);
        cursor = r.cursor;
        const rows = r.items.map(m => [time(m.storeTime), `${m.broker}:${m.queueId}@${m.queueOffset}`, m.tags, m.keys, (m.bodyText || '').slice(0, 80)]);
        const tbl = table(['Stored', 'Position', 'Tags', 'Keys', 'Body'], rows);
        if (!more) results.replaceChildren();
        results.append(tbl);
        if (r.cutShort) results.append(h('p', { class: 'warn' }, `Scan cut short after ${r.scanned} messages; more may follow.`));
        if (r.cursor) results.append(h('button', { type: 'button', onclick: () => search(true) }, 'More'));
      }
    } catch (e) { results.replaceChildren(h('p', { class: 'bad' }, e.message)); }
  };
  const sTopic = h('input', { id: 'send-topic', placeholder: 'topic' });
  const sTags = h('input', { id: 'send-tags', placeholder: 'tags' });
  const sKeys = h('input', { id: 'send-keys', placeholder: 'keys' });
  const sDelay = h('input', { id: 'send-delay', type: 'number', min: 0, max: 18, value: 0 });
  const sBody = h('textarea', { id: 'send-body', rows: 2, cols: 40 });
  const sOut = h('p', { id: 'send-result' });
  const rTopic = h('input', { id: 'resend-topic', placeholder: 'topic' });
  const rId = h('input', { id: 'resend-id', placeholder: 'message id' });
  const rGroup = h('input', { id: 'resend-group', placeholder: 'consumer group' });
  const rOut = h('p', { id: 'resend-result' });
  return h('div', { 'data-test': 'messages' },
    h('h1', {}, 'Messages'),
    h('form', { class: 'inline', id: 'msg-search', onsubmit: (e) => { e.preventDefault(); search(false); } },
      h('label', {}, 'Topic', topic), h('label', {}, 'Find by', by), h('label', {}, 'Value', value),
      h('button', { type: 'submit', id: 'msg-search-submit' }, 'Find')),
    results,
    h('h2', {}, 'Send a test message (operator)'),
    h('form', { class: 'inline', id: 'send-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const r = await post(`${ctx.base}/messages`, { topic: sTopic.value, tags: sTags.value || undefined, keys: sKeys.value || undefined,
          delayLevel: Number(sDelay.value), body: sBody.value });
        sOut.className = 'ok'; sOut.textContent = `Sent: ${r.status} ${r.msgId} to ${r.broker}:${r.queueId}@${r.queueOffset}`;
      } catch (err) { sOut.className = 'bad'; sOut.textContent = err.message; }
    } }, h('label', {}, 'Topic', sTopic), h('label', {}, 'Tags', sTags), h('label', {}, 'Keys', sKeys),
      h('label', {}, 'Delay level', sDelay), h('label', {}, 'Body', sBody), h('button', { type: 'submit', id: 'send-submit' }, 'Send')),
    sOut,
    h('h2', {}, 'Resend a message to one consumer group (operator)'),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const r = await post(`${ctx.base}/messages/resend`, { topic: rTopic.value, msgId: rId.value, group: rGroup.value });
        rOut.className = 'ok'; rOut.textContent = `Resent as ${r.msgId}`;
      } catch (err) { rOut.className = 'bad'; rOut.textContent = err.message; }
    } }, rTopic, rId, rGroup, h('button', { type: 'submit' }, 'Resend')), rOut);
}

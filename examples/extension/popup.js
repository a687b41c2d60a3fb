// The popup sends the question to the service worker over a port and shows what comes back:
// reading the page, loading the model, windows read, the best answers so far, then the result.
// Cancel (or closing the popup) stops the question; a worker that stops answering ends in an error.
const $ = (id) => document.getElementById(id);
import { currentModel } from './model.js';

const IDLE_MS = 150_000; // longer than the worker's own time limits, so that those report first
const CANCEL_MS = 8_000;
const NOT_HIGHLIGHTED = {
  editable: '편집 영역 안이라 표시하지 않음',
  'form-field': '입력란 안이라 표시하지 않음',
  svg: 'SVG 그림 안이라 표시하지 않음',
  'no-text': '표시할 글자가 없음',
};
const STAGES = { page: '페이지 읽는 중…', model: '모델 준비 중…', answer: '답을 찾는 중…', highlight: '표시하는 중…' };

// The model is set on the options page; the popup only says which one answers.
const showModel = () => currentModel().then((m) => ($('model').textContent = m));
showModel();
chrome.storage.onChanged.addListener((changes, area) => area === 'local' && 'model' in changes && showModel());
$('options').addEventListener('click', (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
});

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : 'muted';
}

function showAnswers(answers, marked = [], partial = false) {
  $('answers').className = partial ? 'partial' : '';
  $('answers').replaceChildren(
    ...answers.map((a, i) => {
      const li = document.createElement('li');
      li.textContent = `${a.text} (${(a.score * 100).toFixed(1)}%)`;
      const m = marked[i];
      const note = !m ? null : m.status === 'changed' ? '페이지가 바뀌어 표시하지 않음' : m.status === 'not-highlighted' ? NOT_HIGHLIGHTED[m.reason] ?? m.reason : null;
      if (note) li.append(' ', Object.assign(document.createElement('span'), { className: 'note', textContent: `— ${note}` }));
      return li;
    }),
  );
}

function describePage(p) {
  const parts = [`${p.chars.toLocaleString()}자를 읽음`];
  if (p.truncated) parts.push('너무 길어 앞부분만 읽음');
  if (p.framesRead) parts.push(`프레임 ${p.framesRead}개 포함`);
  if (p.framesSkipped) parts.push(`다른 사이트의 프레임 ${p.framesSkipped}개는 읽지 못함`);
  return parts.join(' · ');
}

let current = null; // the question in flight: { cancel, abandon }
/** The events of the latest question, for the end-to-end tests. */
globalThis.askEvents = [];

/** Asks about the active tab (or `tabId`); also the entry point the end-to-end tests drive. */
export function ask(question, tabId) {
  current?.abandon();
  const events = (globalThis.askEvents = []);
  const started = performance.now();
  setStatus(STAGES.page);
  $('page').textContent = '';
  showAnswers([]);
  $('working').hidden = false;
  $('progress').removeAttribute('value');
  return new Promise((resolve) => {
    let port;
    let idle;
    let cancelTimer;
    let partial = [];
    const finish = (r) => {
      if (current !== self) return;
      current = null;
      clearTimeout(idle);
      try {
        port?.disconnect(); // after the result, closing the port aborts nothing
      } catch {}
      clearTimeout(cancelTimer);
      $('working').hidden = true;
      if (r.error?.code === 'ABORTED') {
        setStatus(partial.length ? '취소했습니다 (찾던 중의 답)' : '취소했습니다');
        showAnswers(r.partial?.length ? r.partial : partial, [], true);
      } else if (r.error) {
        setStatus(`${r.error.code}: ${r.error.message}`, true);
        showAnswers([]);
      } else {
        setStatus(`${r.answers.length} answers · ${(performance.now() - started).toFixed(0)} ms · ${r.backend}`);
        showAnswers(r.answers, r.marked);
      }
      resolve(r);
    };
    const fail = (code, message) => finish({ answers: [], marked: [], error: { code, message }, partial });
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        port?.disconnect();
        fail('TIMEOUT', `no reply from the extension for ${IDLE_MS / 1000} s`);
      }, IDLE_MS);
    };
    const self = {
      cancel() {
        setStatus('취소하는 중…');
        try {
          port.postMessage({ type: 'cancel' });
        } catch {}
        cancelTimer ??= setTimeout(() => {
          port.disconnect();
          fail('ABORTED', 'cancelled');
        }, CANCEL_MS);
      },
      abandon() {
        port?.disconnect(); // the worker aborts a question whose port closes
        fail('ABORTED', 'replaced by a newer question');
      },
    };
    current = self;
    const onMessage = (msg) => {
      touch();
      events.push(msg);
      switch (msg.type) {
        case 'stage':
          setStatus(STAGES[msg.stage] ?? msg.stage);
          if (msg.stage === 'answer') $('progress').removeAttribute('value');
          break;
        case 'page':
          $('page').textContent = describePage(msg);
          break;
        case 'loading':
          setStatus(`모델 받는 중 (${msg.file}) ${(msg.loaded / 2 ** 20).toFixed(1)} / ${(msg.total / 2 ** 20).toFixed(1)} MiB`);
          if (msg.total) Object.assign($('progress'), { max: msg.total, value: msg.loaded });
          break;
        case 'progress':
          // `total`: the windows to be read, best-ranked first; `windows`: all of the page's.
          setStatus(`답을 찾는 중… ${msg.read} / ${msg.total} 구간${msg.windows > msg.total ? ` (전체 ${msg.windows} 구간 중)` : ''}`);
          if (msg.total) Object.assign($('progress'), { max: msg.total, value: msg.read });
          break;
        case 'partial':
          partial = msg.answers;
          showAnswers(partial, [], true);
          break;
        case 'result':
          finish(msg.result);
          break;
      }
    };
    try {
      port = chrome.runtime.connect({ name: 'kqa-ask' });
      port.onMessage.addListener(onMessage);
      port.onDisconnect.addListener(() => {
        const why = chrome.runtime.lastError?.message;
        fail('DISCONNECTED', `the extension's background stopped${why ? ` (${why})` : ''}; ask again`);
      });
      port.postMessage({ type: 'ask', question, tabId });
      touch();
    } catch (e) {
      fail('DISCONNECTED', `cannot reach the extension's background: ${e.message ?? e}`);
    }
  });
}
globalThis.ask = ask;

/** Stops the question in flight (its promise resolves with error ABORTED). */
export function cancel() {
  current?.cancel();
}
globalThis.cancel = cancel;

$('cancel').addEventListener('click', cancel);
$('ask').addEventListener('submit', (e) => {
  e.preventDefault();
  ask($('question').value);
});

// The popup sends the question to the background over a port and shows what comes back:
// reading the page, loading the model, windows read, the best answers so far, then the result.
// Cancel (or closing the popup) stops the question; a background that stops answering ends in an
// error. Each answer is a link to its marks on the page; Esc or "Clear marks" removes them all.
const $ = (id) => document.getElementById(id);
import { localize, t } from './i18n.js';
import { LIMITS } from './limits.js';
import { currentModel, currentTopK } from './model.js';

localize();

const { popupIdleMs: IDLE_MS, popupCancelMs: CANCEL_MS } = LIMITS;
const NOT_HIGHLIGHTED = { editable: 'noteEditable', 'form-field': 'noteFormField', svg: 'noteSvg', 'no-text': 'noteNoText' };
const STAGES = { page: 'stagePage', model: 'stageModel', answer: 'stageAnswer', highlight: 'stageHighlight' };
const stage = (s) => (STAGES[s] ? t(STAGES[s]) : s);

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

let tabOfAnswers; // the tab the shown answers are marked in (undefined: the active tab)

/** Asks the background to act on the marks: 'focus' (answer `rank`) or 'clear'. */
export function marks(type, rank, tabId = tabOfAnswers) {
  return chrome.runtime.sendMessage({ target: 'kqa', type, rank, tabId }).catch((e) => ({ error: { code: 'DISCONNECTED', message: String(e?.message ?? e) } }));
}
globalThis.marks = marks;

function showAnswers(answers, marked = [], partial = false) {
  $('answers').className = partial ? 'partial' : '';
  $('tools').hidden = !marked.some((m) => m?.status === 'marked');
  $('answers').replaceChildren(
    ...answers.map((a, i) => {
      const li = document.createElement('li');
      const label = `${a.text} (${(a.score * 100).toFixed(1)}%)`;
      const m = marked[i];
      if (m?.status === 'marked') {
        // A link to its marks: scrolls the page there and flashes them.
        const link = Object.assign(document.createElement('a'), { href: '#', textContent: label, title: t('answerLink') });
        link.dataset.rank = i;
        link.addEventListener('click', (e) => {
          e.preventDefault();
          marks('focus', i);
        });
        li.append(link);
      } else {
        li.textContent = label;
      }
      const note = !m ? null : m.status === 'changed' ? t('noteChanged') : m.status === 'not-highlighted' ? (NOT_HIGHLIGHTED[m.reason] ? t(NOT_HIGHLIGHTED[m.reason]) : m.reason) : null;
      if (note) li.append(' ', Object.assign(document.createElement('span'), { className: 'note', textContent: `— ${note}` }));
      return li;
    }),
  );
}

/** Removes every mark and restores the page, then empties the list (Esc and "Clear marks"). */
export async function clearMarks() {
  const reply = await marks('clear');
  if (reply?.error) setStatus(`${reply.error.code}: ${reply.error.message}`, true);
  else {
    showAnswers([]);
    setStatus('');
  }
  return reply;
}
globalThis.clearMarks = clearMarks;

function describePage(p) {
  const parts = [p.selection ? t('pageSelection', p.chars.toLocaleString(), p.pageChars.toLocaleString()) : t('pageChars', p.chars.toLocaleString())];
  if (p.truncated) parts.push(t('pageTruncated'));
  if (p.framesRead) parts.push(t('framesRead', p.framesRead));
  if (p.framesSkipped) parts.push(t('framesSkipped', p.framesSkipped));
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
  tabOfAnswers = tabId;
  setStatus(stage('page'));
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
        setStatus(t(partial.length ? 'cancelledPartial' : 'cancelled'));
        showAnswers(r.partial?.length ? r.partial : partial, [], true);
      } else if (r.error) {
        setStatus(`${r.error.code}: ${r.error.message}`, true);
        showAnswers([]);
      } else {
        setStatus(t('resultStatus', r.answers.length, (performance.now() - started).toFixed(0), r.backend));
        showAnswers(r.answers, r.marked);
      }
      resolve(r);
    };
    const fail = (code, message) => finish({ answers: [], marked: [], error: { code, message }, partial });
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        port?.disconnect();
        fail('TIMEOUT', t('errorTimeout', IDLE_MS / 1000));
      }, IDLE_MS);
    };
    const self = {
      cancel() {
        setStatus(t('cancelling'));
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
          setStatus(stage(msg.stage));
          if (msg.stage === 'answer') $('progress').removeAttribute('value');
          break;
        case 'page':
          $('page').textContent = describePage(msg);
          break;
        case 'loading':
          setStatus(t('loadingModel', msg.file, (msg.loaded / 2 ** 20).toFixed(1), (msg.total / 2 ** 20).toFixed(1)));
          if (msg.total) Object.assign($('progress'), { max: msg.total, value: msg.loaded });
          break;
        case 'progress':
          // `total`: the windows to be read, best-ranked first; `windows`: all of the page's.
          setStatus(msg.windows > msg.total ? t('readingWindowsOf', msg.read, msg.total, msg.windows) : t('readingWindows', msg.read, msg.total));
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
        fail('DISCONNECTED', t('errorDisconnected', why ? ` (${why})` : ''));
      });
      currentTopK()
        .then((topK) => {
          port.postMessage({ type: 'ask', question, tabId, topK });
          touch();
        })
        .catch((e) => fail('DISCONNECTED', t('errorUnreachable', e.message ?? e)));
    } catch (e) {
      fail('DISCONNECTED', t('errorUnreachable', e.message ?? e));
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
$('clear').addEventListener('click', clearMarks);
// Esc removes the marks first; the popup then closes as Esc always makes it.
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  e.preventDefault();
  clearMarks();
});
$('ask').addEventListener('submit', (e) => {
  e.preventDefault();
  ask($('question').value);
});

// The extension's background, shared by both browsers: takes a question from the popup over a
// port, reads the tab's text (content.js, in the page's isolated world), has the engine answer it,
// and marks the answers. Progress, partial answers and the result go back over the port; the
// popup's Cancel (or closing the popup) aborts the question. The model never runs in the page's
// own context. Where the engine runs is each browser's own file: chrome.js (the service worker,
// with the engine in an offscreen document) and firefox.js (the background page, engine inside).
import { LIMITS } from './limits.js';
import { currentModel } from './model.js';

const { maxChars: MAX_CHARS, pageTimeoutMs: PAGE_TIMEOUT_MS } = LIMITS;

export const coded = (code, message) => Object.assign(new Error(message), { code });
/**
 * Only this extension's own pages (the popup, the offscreen document) may ask, never a content
 * script in a tab: its sender.url is the page's. (The popup opened as a tab is still ours.)
 */
export const ours = (sender) => sender?.id === chrome.runtime.id && !!sender.url?.startsWith(chrome.runtime.getURL(''));
const errorOf = (e) => ({ code: e?.code ?? 'ERROR', message: String(e?.message ?? e) });

export function withTimeout(promise, ms, code, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(coded(code, message)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Runs `koreanQa[name](...args)` in the tab's isolated world, injecting content.js first. */
export async function inPage(tabId, name, args = []) {
  const run = async () => {
    await chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: (name, args) => globalThis.koreanQa[name](...args),
      args: [name, args],
    });
    if (result?.error) throw coded('PAGE_ERROR', String(result.error.message ?? result.error));
    return result?.result;
  };
  try {
    return await withTimeout(run(), PAGE_TIMEOUT_MS, 'TIMEOUT', `the page did not respond in ${PAGE_TIMEOUT_MS / 1000} s`);
  } catch (e) {
    if (e.code) throw e;
    throw coded('PAGE_UNAVAILABLE', `cannot read this page: ${e.message ?? e}`);
  }
}

/**
 * Ask about a tab's visible text: extract, answer (`engine`), highlight. `emit` receives
 * { type: 'stage' | 'page' | 'loading' | 'progress' | 'partial', ... } as it goes. Resolves to
 * { answers, marked, page, backend } or { answers: [], marked: [], error, page?, partial? }.
 */
async function ask(engine, { question, tabId, topK = 3 }, emit, signal) {
  let page;
  let partial = [];
  try {
    tabId = await tabOf(tabId);
    // The options page's choice (the published hub model by default).
    const model = await currentModel();
    emit({ type: 'stage', stage: 'page' });
    const { text, selection, ...info } = await inPage(tabId, 'extract', [{ maxChars: MAX_CHARS }]);
    // With text selected, the question goes to the selection only; answers come back with page
    // offsets, so they are marked where they are.
    const shift = selection?.start ?? 0;
    const context = selection ? text.slice(selection.start, selection.end) : text;
    page = { chars: context.length, ...info, ...(selection && { selection: true, pageChars: text.length }) };
    emit({ type: 'page', ...page });
    signal.throwIfAborted();
    if (!context.trim()) throw coded('NO_TEXT', 'this page has no visible text');
    emit({ type: 'stage', stage: 'model' });
    const onEvent = (e) => {
      if (e.type === 'partial') partial = e.answers;
      emit(e);
    };
    const reply = await engine({ model, question, context, topK, maxContextChars: MAX_CHARS }, onEvent, signal);
    signal.throwIfAborted(); // a cancelled question marks nothing
    emit({ type: 'stage', stage: 'highlight' });
    const answers = reply.answers.map((a) => ({ ...a, start: a.start + shift, end: a.end + shift }));
    const marked = await inPage(tabId, 'highlight', [answers]);
    return { answers, marked, page, backend: reply.backend };
  } catch (e) {
    const error = signal.aborted ? { code: 'ABORTED', message: 'cancelled' } : errorOf(e);
    return { answers: [], marked: [], error, page, partial };
  }
}

/** The tab a popup's request means: its `tabId` (the tests name one), else the active tab. */
async function tabOf(tabId) {
  if (tabId !== undefined) return tabId;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw coded('NO_TAB', 'no active tab');
  return tab.id;
}

// The popup's other requests, from this extension's own pages only: { target: 'kqa', type:
// 'focus', rank } scrolls to an answer's marks and flashes them; { type: 'clear' } removes every
// mark and restores the page. Each is answered with { ok } or { error }.
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.target !== 'kqa' || !ours(sender) || !['focus', 'clear'].includes(msg.type)) return false;
  tabOf(msg.tabId)
    .then((tabId) => inPage(tabId, msg.type, msg.type === 'focus' ? [msg.rank] : []))
    .then((ok) => sendResponse({ ok: ok !== false }), (e) => sendResponse({ error: errorOf(e) }));
  return true;
});

/**
 * Serves the popup's questions with `engine(request, emit, signal)`, which resolves to
 * { answers, backend } or rejects with a coded Error. Returns `ask(msg, emit?, signal?)`, the same
 * path without a port (the tests call it).
 */
export function serve(engine) {
  const askWith = (msg, emit = () => {}, signal = new AbortController().signal) => ask(engine, msg, emit, signal);
  // One question per tab: a newer one cancels the older (their marks would collide).
  const byTab = new Map();
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== 'kqa-ask') return;
    if (!ours(port.sender)) return void port.disconnect();
    const controller = new AbortController();
    let done = false;
    const post = (msg) => {
      try {
        port.postMessage(msg);
      } catch {} // the popup closed
    };
    port.onDisconnect.addListener(() => done || controller.abort());
    port.onMessage.addListener(async (msg) => {
      if (msg?.type === 'cancel') return void controller.abort();
      if (msg?.type !== 'ask') return;
      const key = msg.tabId ?? 'active';
      byTab.get(key)?.abort();
      byTab.set(key, controller);
      const result = await askWith(msg, post, controller.signal);
      if (byTab.get(key) === controller) byTab.delete(key);
      done = true;
      post({ type: 'result', result });
    });
  });
  return askWith;
}

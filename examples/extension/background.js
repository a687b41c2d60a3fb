// Service worker: takes a question from the popup over a port, reads the tab's text (content.js,
// in the page's isolated world), has the offscreen document answer it, and marks the answers.
// Progress, partial answers and the result go back over the port; the popup's Cancel (or closing
// the popup) aborts the question. The model never runs in the page's own context.
import { currentModel } from './model.js';

const OFFSCREEN = 'offscreen.html';
const MAX_CHARS = 1_000_000; // the engine's limit on a context
const PAGE_TIMEOUT_MS = 20_000; // a page whose main thread is stuck this long is given up on
const OFFSCREEN_START_MS = 15_000;
const OFFSCREEN_IDLE_MS = 120_000; // the model's document said nothing (progress included) this long
const CANCEL_GRACE_MS = 5_000;

const coded = (code, message) => Object.assign(new Error(message), { code });
/**
 * Only this extension's own pages (the popup, the offscreen document) may ask, never a content
 * script in a tab: its sender.url is the page's. (The popup opened as a tab is still ours.)
 */
const ours = (sender) => sender?.id === chrome.runtime.id && !!sender.url?.startsWith(chrome.runtime.getURL(''));
const errorOf = (e) => ({ code: e?.code ?? 'ERROR', message: String(e?.message ?? e) });

function withTimeout(promise, ms, code, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(coded(code, message)), ms))),
  ]).finally(() => clearTimeout(timer));
}

async function hasOffscreen() {
  const url = chrome.runtime.getURL(OFFSCREEN);
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  return contexts.length > 0;
}

// One creation at a time: concurrent questions share the promise instead of racing to create a
// second document (which Chrome refuses).
let creating = null;
export function ensureOffscreen() {
  creating ??= (async () => {
    if (await hasOffscreen()) return;
    try {
      await chrome.offscreen.createDocument({
        url: OFFSCREEN,
        reasons: ['WORKERS'],
        justification: 'Runs the korean-qa WebAssembly model and its IndexedDB weight cache.',
      });
    } catch (e) {
      if (!(await hasOffscreen())) throw e; // made meanwhile by someone else is fine
    }
  })().finally(() => (creating = null));
  return creating;
}

/** Runs `koreanQa[name](...args)` in the tab's isolated world, injecting content.js first. */
async function inPage(tabId, name, args = []) {
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

// Questions in flight in the offscreen document, by id: their progress messages land here. The
// reply says whether the question is still wanted: a worker restarted since has forgotten it, and
// the document then stops it.
const jobs = new Map();
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.target !== 'background' || !ours(sender)) return false;
  jobs.get(msg.id)?.(msg);
  sendResponse({ wanted: jobs.has(msg.id) });
  return false;
});

/** The offscreen document's answer; its progress and partial answers go to `emit`. */
function answerOffscreen(request, emit, signal) {
  const id = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    let idle;
    let grace;
    const settle = (f, value) => {
      if (!jobs.delete(id)) return;
      clearTimeout(idle);
      clearTimeout(grace);
      signal.removeEventListener('abort', onAbort);
      f(value);
    };
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => settle(reject, coded('TIMEOUT', `the model did not answer for ${OFFSCREEN_IDLE_MS / 1000} s`)),
        OFFSCREEN_IDLE_MS,
      );
    };
    const onAbort = () => {
      chrome.runtime.sendMessage({ target: 'offscreen', type: 'cancel', id }).catch(() => {});
      // The document answers a cancel with ABORTED; if it cannot, give up waiting anyway.
      grace = setTimeout(() => settle(reject, coded('ABORTED', 'cancelled')), CANCEL_GRACE_MS);
    };
    jobs.set(id, (msg) => {
      touch();
      const { target, id: _, ...event } = msg;
      emit(event);
    });
    signal.addEventListener('abort', onAbort, { once: true });
    touch();
    chrome.runtime.sendMessage({ target: 'offscreen', type: 'answer', id, ...request }).then(
      (reply) => {
        if (!reply) settle(reject, coded('OFFSCREEN_UNREACHABLE', 'the model\'s document did not take the question'));
        else if (reply.error) settle(reject, coded(reply.error.code, reply.error.message));
        else settle(resolve, reply);
      },
      (e) => settle(reject, coded('OFFSCREEN_UNREACHABLE', `the model's document is not running: ${e.message ?? e}`)),
    );
  });
}

/**
 * Ask about a tab's visible text: extract, answer (offscreen), highlight. `emit` receives
 * { type: 'stage' | 'page' | 'loading' | 'progress' | 'partial', ... } as it goes. Resolves to
 * { answers, marked, page, backend } or { answers: [], marked: [], error, page?, partial? }.
 */
export async function ask({ question, tabId, topK = 3 }, emit = () => {}, signal = new AbortController().signal) {
  let page;
  let partial = [];
  try {
    if (tabId === undefined) {
      const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
      tabId = tab?.id;
    }
    if (tabId === undefined) throw coded('NO_TAB', 'no active tab');
    // The options page's choice (the published hub model by default).
    const model = await currentModel();
    emit({ type: 'stage', stage: 'page' });
    const { text, ...info } = await inPage(tabId, 'extract', [{ maxChars: MAX_CHARS }]);
    page = { chars: text.length, ...info };
    emit({ type: 'page', ...page });
    signal.throwIfAborted();
    if (!text.trim()) throw coded('NO_TEXT', 'this page has no visible text');
    emit({ type: 'stage', stage: 'model' });
    await withTimeout(ensureOffscreen(), OFFSCREEN_START_MS, 'TIMEOUT', 'the model\'s document did not start');
    signal.throwIfAborted();
    const onEvent = (e) => {
      if (e.type === 'partial') partial = e.answers;
      emit(e);
    };
    const reply = await answerOffscreen({ model, question, context: text, topK, maxContextChars: MAX_CHARS }, onEvent, signal);
    signal.throwIfAborted(); // a cancelled question marks nothing
    emit({ type: 'stage', stage: 'highlight' });
    const marked = await inPage(tabId, 'highlight', [reply.answers]);
    return { answers: reply.answers, marked, page, backend: reply.backend };
  } catch (e) {
    const error = signal.aborted ? { code: 'ABORTED', message: 'cancelled' } : errorOf(e);
    return { answers: [], marked: [], error, page, partial };
  }
}

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
    const result = await ask(msg, post, controller.signal);
    if (byTab.get(key) === controller) byTab.delete(key);
    done = true;
    post({ type: 'result', result });
  });
});

// For the tests (the worker's global scope cannot see module bindings).
globalThis.kqa = {
  ask,
  inPage,
  ensureOffscreen,
  hasOffscreen,
  offscreenStats: () => chrome.runtime.sendMessage({ target: 'offscreen', type: 'stats' }),
};

// Service worker: routes a question from the popup to the page (text out, marks in) and to the
// offscreen document that owns the model. The model never runs in the page's own context.
const OFFSCREEN = 'offscreen.html';

async function ensureOffscreen() {
  const url = chrome.runtime.getURL(OFFSCREEN);
  const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length) return;
  await chrome.offscreen.createDocument({
    url: OFFSCREEN,
    reasons: ['WORKERS'],
    justification: 'Runs the korean-qa WebAssembly model and its IndexedDB weight cache.',
  });
}

/** Runs `koreanQa[name](...args)` in the tab's isolated world, injecting content.js first. */
async function inPage(tabId, name, args = []) {
  await chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
  const [result] = await chrome.scripting.executeScript({
    target: { tabId },
    func: (name, args) => globalThis.koreanQa[name](...args),
    args: [name, args],
  });
  return result?.result;
}

/** Ask about a tab's visible text: extract, answer (offscreen), highlight. */
export async function ask({ question, tabId, topK = 3 }) {
  if (tabId === undefined) {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    tabId = tab?.id;
  }
  if (tabId === undefined) throw new Error('no active tab');
  const { model } = await chrome.storage.local.get({ model: 'http://127.0.0.1:8080/model/' });
  const context = await inPage(tabId, 'extract');
  if (!context?.trim()) return { answers: [], marked: [], error: { code: 'INVALID_INPUT', message: 'this page has no text' } };
  await ensureOffscreen();
  const reply = await chrome.runtime.sendMessage({ target: 'offscreen', type: 'answer', model, question, context, topK });
  if (reply.error) {
    await inPage(tabId, 'clear');
    return { answers: [], marked: [], error: reply.error };
  }
  const marked = await inPage(tabId, 'highlight', [reply.answers]);
  return { answers: reply.answers, marked, backend: reply.backend };
}

chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  if (msg?.target !== 'background' || msg.type !== 'ask') return false;
  ask(msg).then(sendResponse, (e) => sendResponse({ answers: [], marked: [], error: { code: e.code ?? 'ERROR', message: String(e.message ?? e) } }));
  return true;
});

// Chrome's offscreen document: it hosts the engine (engine.js), since a service worker cannot
// start the package's Workers. Messages from the service worker (chrome.js):
// { target: 'offscreen', type: 'answer', id, model, question, context, topK, maxContextChars } is
// answered with { answers, backend } or { error }; meanwhile { target: 'background', id,
// type: 'loading' | 'stage' | 'progress' | 'partial', ... } messages report how it goes.
// { type: 'cancel', id } aborts one; { type: 'stats' } says what was loaded, disposed and cancelled.
import { cancel, engineStats, run } from './engine.js';

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only the extension's own pages, never a content script (whose sender.url is its page's).
  if (msg?.target !== 'offscreen' || sender?.id !== chrome.runtime.id || !sender.url?.startsWith(chrome.runtime.getURL(''))) return false;
  if (msg.type === 'cancel') {
    cancel(msg.id);
    return false;
  }
  if (msg.type === 'stats') {
    sendResponse(engineStats());
    return false;
  }
  if (msg.type !== 'answer') return false;
  const report = (event) =>
    chrome.runtime.sendMessage({ target: 'background', id: msg.id, ...event }).then((reply) => reply?.wanted);
  run(msg, report).then(sendResponse);
  return true;
});

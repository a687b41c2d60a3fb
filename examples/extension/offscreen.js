// The offscreen document owns the model: one engine per bundle URL, weights cached in this
// extension's IndexedDB by the package, so a bundle is downloaded once.
import { QaEngine } from './pkg/index.js';

const engines = new Map();

function engine(model) {
  if (!engines.has(model)) {
    const p = QaEngine.load({ model, backend: 'auto' });
    p.catch(() => engines.delete(model)); // a failed load is retried next time
    engines.set(model, p);
  }
  return engines.get(model);
}

chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  if (msg?.target !== 'offscreen' || msg.type !== 'answer') return false;
  (async () => {
    const qa = await engine(msg.model);
    const answers = await qa.answer(msg.question, msg.context, { topK: msg.topK });
    return { answers, backend: qa.backend };
  })().then(sendResponse, (e) => sendResponse({ error: { code: e.code ?? 'ERROR', message: String(e.message ?? e) } }));
  return true;
});

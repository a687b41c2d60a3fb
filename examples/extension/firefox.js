// Firefox (MV3): the background page (an event page), which has a DOM, so the engine (engine.js)
// and the package's Workers run right here, with no offscreen document (an API Firefox lacks).
// Everything else is background.js, shared with Chrome.
import { coded, inPage, serve } from './background.js';
import { cancel, engineStats, run } from './engine.js';

/** The engine's answer to `request`; its events go to `emit`, `signal` cancels it. */
async function answerHere(request, emit, signal) {
  signal.throwIfAborted();
  const id = crypto.randomUUID();
  const onAbort = () => cancel(id);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const reply = await run({ id, ...request }, emit);
    if (reply.error) throw coded(reply.error.code, reply.error.message);
    return reply;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

const ask = serve(answerHere);

// For the tests, as in chrome.js.
globalThis.kqa = { ask, inPage, offscreenStats: async () => engineStats() };

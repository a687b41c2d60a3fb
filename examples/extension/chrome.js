// Chrome (MV3): the service worker. A service worker cannot start the package's Workers, so the
// engine (engine.js) runs in an offscreen document (offscreen.js); questions go there and its
// progress comes back here. Everything else is background.js, shared with Firefox.
import { coded, inPage, ours, serve, withTimeout } from './background.js';
import { LIMITS } from './limits.js';

const OFFSCREEN = 'offscreen.html';
const { offscreenStartMs: OFFSCREEN_START_MS, offscreenIdleMs: OFFSCREEN_IDLE_MS, cancelGraceMs: CANCEL_GRACE_MS } = LIMITS;

async function hasOffscreen() {
  const url = chrome.runtime.getURL(OFFSCREEN);
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  return contexts.length > 0;
}

// One creation at a time: concurrent questions share the promise instead of racing to create a
// second document (which Chrome refuses).
let creating = null;
function ensureOffscreen() {
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
async function answerOffscreen(request, emit, signal) {
  await withTimeout(ensureOffscreen(), OFFSCREEN_START_MS, 'TIMEOUT', 'the model\'s document did not start');
  signal.throwIfAborted();
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

const ask = serve(answerOffscreen);

// For the tests (the worker's global scope cannot see module bindings).
globalThis.kqa = {
  ask,
  inPage,
  ensureOffscreen,
  hasOffscreen,
  offscreenStats: () => chrome.runtime.sendMessage({ target: 'offscreen', type: 'stats' }),
};

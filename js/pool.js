// One thread of the threaded module's rayon pool: the page (js/threads.js) starts one of these per
// thread. It instantiates the same compiled module on the engine Worker's shared memory, tells the
// page it is ready, then runs the rayon thread the pool hands it (crates/web/src/pool.rs) for the
// rest of its life.
import { initSync, lastPanic, runPoolThread } from './threads/korean_qa.js';
import { holdForLife, trapError } from './protocol.js';

// A trap here leaves the engine's Worker blocked in rayon's wait for this thread, so that Worker
// cannot report it: this one tells the page, which ends the engine.
const report = (err) => postMessage({ fatal: trapError(`a pool thread failed: ${lastPanic?.() || err?.message || err}`) });
self.addEventListener('error', (e) => {
  e.preventDefault();
  report(e.error ?? e);
});

self.onmessage = async ({ data: { module, memory, handle, lock } }) => {
  // Held before this thread blocks for good in runPoolThread: the page's watch (protocol.js).
  await holdForLife(lock);
  // After an await a trap is a rejection, which no 'error' event reports: caught here.
  try {
    initSync({ module, memory });
    runPoolThread(handle, () => postMessage('ready'));
  } catch (err) {
    report(err);
  }
};

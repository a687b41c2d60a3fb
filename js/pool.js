// One thread of the threaded module's rayon pool: js/worker.js starts one of these per thread. It
// instantiates the same compiled module on the same shared memory, tells its parent it is ready,
// then runs the rayon thread the pool hands it (crates/web/src/pool.rs) for the rest of its life.
import { initSync, lastPanic, runPoolThread } from './threads/korean_qa.js';
import { trapError } from './protocol.js';

// A port to the page (js/threads.js). A trap here leaves the engine's Worker blocked in rayon's
// wait for this thread, so its own error events never run: the page hears of it from this port.
let page = null;

self.addEventListener('error', (e) => {
  page?.postMessage({ fatal: trapError(`a pool thread failed: ${lastPanic?.() || e.message}`) });
});

self.onmessage = ({ data: { module, memory, handle, page: port } }) => {
  page = port;
  initSync({ module, memory });
  runPoolThread(handle, () => postMessage('ready'));
};

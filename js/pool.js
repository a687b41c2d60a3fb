// One thread of the threaded module's rayon pool: js/worker.js starts one of these per thread. It
// instantiates the same compiled module on the same shared memory, tells its parent it is ready,
// then runs the rayon thread the pool hands it (crates/web/src/pool.rs) for the rest of its life.
import { initSync, runPoolThread } from './threads/korean_qa.js';

self.onmessage = ({ data: { module, memory, handle } }) => {
  initSync({ module, memory });
  runPoolThread(handle, () => postMessage('ready'));
};

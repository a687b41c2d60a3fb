// The Web Worker that hosts the threaded module (threads/korean_qa_bg.wasm): its rayon pool blocks
// while it waits for its own workers, which a page's main thread may not do. This file only
// relays messages; js/threads.js is the page's side.
import init, { QaEngine, initThreadPool, lastPanic } from './threads/korean_qa.js';

let engine = null;
let wasm = null; // the module's exports, for its memory's size
const aborts = new Map(); // load id → AbortController

function errorOf(err) {
  if (err && typeof err === 'object' && 'code' in err) return { message: err.message, code: err.code };
  const panic = lastPanic?.();
  return {
    message: panic ? `internal error: ${panic}` : `internal error: ${err?.message ?? err}`,
    code: 'INTERNAL_ERROR',
  };
}

const info = (e) => ({
  backend: e.backend,
  backendDetail: e.backendDetail,
  fromCache: e.fromCache,
  modelName: e.modelName,
  precision: e.precision,
});

const ops = {
  // module: the threaded module, compiled once by the page (threads.js) for all its engines.
  async start({ threads, module }) {
    wasm = await init({ module_or_path: module });
    await initThreadPool(threads);
  },
  async load({ id, options }) {
    const controller = new AbortController();
    aborts.set(id, controller);
    try {
      const { signal, onProgress, ...rest } = options;
      engine = await QaEngine.load({
        ...rest,
        signal: signal ? controller.signal : undefined,
        onProgress: onProgress ? (p) => postMessage({ id, progress: { ...p } }) : undefined,
      });
      return info(engine);
    } finally {
      aborts.delete(id);
    }
  },
  memoryBytes() {
    return wasm.memory.buffer.byteLength;
  },
  abort({ target }) {
    aborts.get(target)?.abort();
  },
  answer({ args }) {
    return engine.answer(...args);
  },
  async logits({ args }) {
    const out = await engine.logits(...args);
    return { value: out, transfer: [out.start.buffer, out.end.buffer] };
  },
  async dispose() {
    await engine?.dispose();
    engine = null;
  },
};

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    let value = await ops[op](data);
    let transfer = [];
    if (value && value.transfer) ({ value, transfer } = value);
    if (op !== 'abort') postMessage({ id, value }, transfer);
  } catch (err) {
    postMessage({ id, error: errorOf(err) });
  }
};

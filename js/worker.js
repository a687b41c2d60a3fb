// The Web Worker every engine runs in, so that inference never blocks the page. It hosts one of
// three wasm modules, each compiled by the page (threads.js) and sent here:
// - 'page': korean_qa_bg(.relaxed).wasm, the CPU on one thread;
// - 'webgpu': webgpu/korean_qa_bg.wasm, WebGPU (navigator.gpu exists in dedicated workers), which
//   also times the CPU against it under `backend: 'auto'`;
// - 'threads': threads/korean_qa_bg(.relaxed).wasm, the CPU on a rayon pool of Workers that the
//   page starts (pool.js); this Worker does the pool's blocking waits, which a page's main thread
//   may not do.
// This file only relays messages (protocol.js); js/threads.js is the page's side.
import initPage, * as pageModule from './korean_qa.js';
import initGpu, * as gpuModule from './webgpu/korean_qa.js';
import initThreads, * as threadsModule from './threads/korean_qa.js';
import { ENGINE_OPS, OP, controlsFor, holdForLife, infoOf, isTrap, serializeError, trapError } from './protocol.js';

let mod = null; // the glue of the module this worker runs
let wasm = null; // its exports, for its memory's size
let engine = null;
const aborts = new Map(); // call id → AbortController

const errorOf = (err) => serializeError(err, mod?.lastPanic?.());
/** Whatever escapes a call, or traps in one, ends the module: every call fails. */
const fatalOf = (err) => (isTrap(err) ? errorOf(err) : trapError(`${err?.message ?? err}`));

/** Runs `f(signal)` with an AbortController that an 'abort' message for call `id` fires. */
async function abortable(id, f) {
  const controller = new AbortController();
  aborts.set(id, controller);
  try {
    return await f(controller.signal);
  } finally {
    aborts.delete(id);
  }
}

// The threaded module's pool between its start and OP.buildPool. Its Workers are the page's
// (js/threads.js), not nested in this one: see startPool there.
let poolStart = null;

const ops = {
  // module: a WebAssembly.Module compiled once by the page for all its engines.
  async [OP.start]({ kind, threads, module, lock }) {
    await holdForLife(lock); // the page learns of this Worker's end from it (protocol.js)
    if (kind === 'threads') {
      mod = threadsModule;
      wasm = await initThreads({ module_or_path: module });
      poolStart = new threadsModule.PoolStart(threads);
      return { memory: wasm.memory, handle: poolStart.threadsHandle() };
    } else {
      const [init, glue] = kind === 'webgpu' ? [initGpu, gpuModule] : [initPage, pageModule];
      mod = glue;
      wasm = await init({ module_or_path: module });
    }
  },
  [OP.buildPool]() {
    const pool = poolStart;
    poolStart = null;
    pool.build(); // consumes it
  },
  [OP.load]({ id, data, plan, flags }) {
    return abortable(id, async (signal) => {
      const { onProgress, signal: s } = controlsFor(flags, id, signal, postMessage);
      engine = await mod.QaEngine.load(data, plan, onProgress, s);
      return { ...infoOf(engine), convertedIntoCache: engine.convertedIntoCache() };
    });
  },
  [OP.memoryBytes]() {
    return wasm.memory.buffer.byteLength;
  },
  [OP.abort]({ target }) {
    aborts.get(target)?.abort();
  },
  [OP.answer]({ id, args: [question, context, data, flags] }) {
    return abortable(id, (signal) => {
      const c = controlsFor(flags, id, signal, postMessage);
      return engine.answer(question, context, data, c.signal, c.onProgress, c.onPartial);
    });
  },
  [OP.panicForTests]({ onPool }) {
    return engine.panicForTests(onPool);
  },
  async [OP.logits]({ args }) {
    const out = await engine.logits(...args);
    return { value: out, transfer: [out.start.buffer, out.end.buffer] };
  },
  async [OP.dispose]() {
    await engine?.dispose();
    engine = null;
  },
};

// A trap (a Rust panic: the module is built with panic=abort) inside an async call escapes as an
// uncaught error and leaves that call's promise pending forever. Tell the page, which rejects every
// pending and later call, instead of letting anything hang.
self.addEventListener('error', (e) => {
  e.preventDefault();
  postMessage({ fatal: fatalOf(e.error ?? e.message) });
});
self.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  postMessage({ fatal: fatalOf(e.reason) });
});

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    if (op !== OP.start && !mod) throw new Error('the worker has not started a module');
    if (ENGINE_OPS.includes(op) && !engine) throw Object.assign(new Error('no engine is loaded'), { code: 'DISPOSED' });
    let value = await ops[op](data);
    let transfer = [];
    if (value && value.transfer) ({ value, transfer } = value);
    if (op !== OP.abort) postMessage({ id, value }, transfer);
  } catch (err) {
    // A trap, even one thrown synchronously (out of memory copying a huge context), ends the
    // module: the calls queued behind it must not run on its state.
    if (isTrap(err)) postMessage({ fatal: errorOf(err) });
    else if (op !== OP.abort) postMessage({ id, error: errorOf(err) });
  }
};

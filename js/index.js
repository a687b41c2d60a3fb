// korean-qa: the package's entry point. A load resolves its options into one plan (plan.js) and
// carries it out: every engine runs in its own Web Worker (worker_engine.js, worker.js), so
// inference never blocks the page; where Workers cannot start, the planned module runs here
// instead. It also turns a Rust panic (a wasm trap) into an Error with a `code`; everything else
// is the Rust facade's.
import initCpu, * as cpuGlue from './korean_qa.js';
import initGpu, * as gpuGlue from './webgpu/korean_qa.js';
import { INFO_FIELDS, checkControls, coded as fromMessage, hasCode, serializeError, splitOptions } from './protocol.js';
import { compilePlanned } from './modules.js';
import { DEFAULT_MODEL, hasRelaxedSimd, planLoad } from './plan.js';
import { WorkerEngine, raceAbort } from './worker_engine.js';

export { DEFAULT_MODEL, hasRelaxedSimd };

// Modules started on the page itself (only where Workers cannot start, and for clearCache): one
// instance per glue, so one per kind ('page' or 'webgpu'): kind → { ready, loaded }.
const GLUES = { page: [initCpu, cpuGlue], webgpu: [initGpu, gpuGlue] };
const inPage = new Map();

function optionError(message) {
  return Object.assign(new Error(message), { code: 'INVALID_OPTIONS' });
}

/**
 * A plain copy of a caller's options object, read once: a getter that throws or a revoked Proxy is
 * the caller's INVALID_OPTIONS here, never an error inside the engine.
 */
function readOptions(options, what) {
  if (options === undefined || options === null || typeof options !== 'object') return options;
  try {
    return { ...options };
  } catch (err) {
    throw optionError(`${what} could not be read: ${err?.message ?? err}`);
  }
}

/** An integer array argument of `logits`, refused by name when it is not one. */
function ints(value, name) {
  try {
    return Int32Array.from(value);
  } catch (err) {
    throw Object.assign(new Error(`\`${name}\` must be an array of integers: ${err?.message ?? err}`), { code: 'INVALID_INPUT' });
  }
}

// One module of each kind per page (its glue holds one instance). The first plan picks its build;
// a later one that names another is refused rather than silently served by the wrong build.
function ensureInit(plan, pinned) {
  const kind = plan.module;
  const started = inPage.get(kind);
  if (started) {
    if (pinned && plan.simd !== started.loaded) {
      throw optionError(`this page already runs the ${started.loaded} module; reload the page to switch to ${plan.simd}`);
    }
    return started.ready;
  }
  const [init] = GLUES[kind];
  const state = { loaded: plan.simd };
  // compile() is the Workers' cache too: a module the page has fetched is not fetched again.
  state.ready = compilePlanned(plan).then(async ([build, module]) => {
    state.loaded = build;
    return init({ module_or_path: module });
  });
  state.ready.catch(() => inPage.delete(kind)); // a failed fetch may succeed later: let the next load retry
  inPage.set(kind, state);
  return state.ready;
}

/**
 * The wasm module's load arguments for `plan`: the caller's model options (with the plan's
 * resolved URLs), what the plan decided, and the controls.
 */
function moduleLoad(data, controls, plan, cpuKernel) {
  return {
    data: { ...data, model: plan.model, ...(plan.hubUrl ? { hubUrl: plan.hubUrl } : {}) },
    plan: { backend: plan.backend, reason: plan.reason, adapter: plan.adapter ?? undefined, cpuKernel },
    controls,
  };
}

function coded(err) {
  if (hasCode(err)) return err;
  // Only a module started on this page can have panicked here (a Worker's reports its own).
  const lastPanic = (kind) => {
    try {
      return GLUES[kind][1].lastPanic();
    } catch {
      return undefined; // that module has not finished starting
    }
  };
  const e = fromMessage(serializeError(err, [...inPage.keys()].map(lastPanic).find(Boolean)));
  e.cause = err;
  return e;
}

/**
 * Korean extractive question answering in the browser.
 *
 * @example
 * import { QaEngine } from 'korean-qa';
 * const qa = await QaEngine.load(); // the published model, from the Hugging Face hub, cached after the first visit
 * const [best] = await qa.answer('훈민정음은 언제 반포되었나?', '훈민정음은 1446년에 반포되었다.');
 * // best → { text: '1446년', start: 7, end: 12, score: 0.97, startProb: …, endProb: … } (real model)
 */
export class QaEngine {
  #raw;
  #broken = null;
  #simd;
  #threads;
  #memory; // the in-page module's memory bytes (a Worker engine asks its Worker)

  /** @private */
  constructor(raw, simd, threads, memory) {
    this.#raw = raw;
    this.#simd = simd;
    this.#threads = threads;
    this.#memory = memory;
  }

  /**
   * Fetches (or reads from IndexedDB), verifies and loads a model bundle.
   * @param {import('./index').LoadOptions} [options]
   * @returns {Promise<QaEngine>}
   */
  static async load(options = {}) {
    // Whatever JS throws on the way (a Symbol where a string belongs, say) is a coded rejection.
    return QaEngine.#load(options).catch((err) => {
      throw coded(err);
    });
  }

  static async #load(options) {
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw optionError(`QaEngine.load expects an options object, such as { model: ${JSON.stringify(String(options))} }`);
    }
    const given = readOptions(options, 'the load options') ?? {};
    // The plan's own options stay here (cpuKernel, a comparison knob, rides with the plan); the
    // model options go on to the module, the controls to whoever runs the load.
    const { wasmUrl, webgpuWasmUrl, simd, threads, backend, cpuKernel, ...rest } = given;
    const [data, controls] = splitOptions(rest, 'load');
    const bad = checkControls(controls);
    if (bad) throw bad;
    // Every decision, once (plan.js); from here on the plan, then its fallbacks, are carried out.
    for (let plan = await planLoad(given); plan; plan = plan.fallback) {
      const load = moduleLoad(data, controls, plan, cpuKernel);
      if (!plan.worker) {
        const wasm = await ensureInit(plan, !!wasmUrl || (simd ?? 'auto') !== 'auto');
        try {
          const raw = await GLUES[plan.module][1].QaEngine.load(load.data, load.plan, controls.onProgress, controls.signal);
          return new QaEngine(raw, inPage.get(plan.module).loaded, 1, () => wasm.memory.buffer.byteLength);
        } catch (err) {
          throw coded(err);
        }
      }
      let compiled;
      try {
        // The download and compile of a module (MBs, once per page) do not hold up an abort.
        compiled = await raceAbort(compilePlanned(plan), controls.signal);
      } catch (err) {
        if (err?.code === 'ABORTED') throw err;
        // The threaded build is missing or unusable: 'auto' runs the page module instead. The
        // page module itself has no other build to fall back on.
        if (plan.module !== 'threads') throw coded(err);
        if (plan.fallback) {
          console.warn(`korean-qa: wasm threads unavailable (${err.message}); using one thread`);
          continue;
        }
        throw Object.assign(new Error(`the threaded module could not start: ${err.message}`), { code: 'BACKEND_UNAVAILABLE', cause: err });
      }
      try {
        const worker = await WorkerEngine.create(plan, compiled, load);
        return new QaEngine(worker, worker.simd, worker.threads);
      } catch (err) {
        // A module or Worker that cannot start runs the plan's fallback (one thread, then the
        // page's own thread); an error from the load itself (fetch, integrity, options) is the
        // caller's to see.
        if (err?.stage !== 'start' || !plan.fallback) throw coded(err);
        console.warn(
          plan.module === 'threads'
            ? `korean-qa: wasm threads unavailable (${err.message}); using one thread`
            : `korean-qa: the engine's worker is unavailable (${err.message}); running on the page's thread`,
        );
      }
    }
  }

  /**
   * Deletes every cached bundle file from IndexedDB.
   * @param {Pick<import('./index').LoadOptions, 'wasmUrl' | 'simd'>} [options] as for load(), when
   *   this is the page's first call (it starts the wasm module)
   */
  static async clearCache(options = {}) {
    return QaEngine.#clearCache(options).catch((err) => {
      throw coded(err);
    });
  }

  static async #clearCache(options) {
    const { wasmUrl, simd } = readOptions(options, 'the clearCache options') ?? {};
    // The CPU module on this page: the one most pages start anyway (a page on WebGPU fetches it for this).
    const plan = await planLoad({ wasmUrl, simd, backend: 'cpu', threads: 1 });
    await ensureInit({ ...plan, worker: false }, !!wasmUrl || (simd ?? 'auto') !== 'auto');
    try {
      await cpuGlue.QaEngine.clearCache();
    } catch (err) {
      throw coded(err);
    }
  }

  async #call(f) {
    if (this.#broken) throw this.#broken;
    try {
      return await f(this.#raw);
    } catch (err) {
      // Only a trap (or a Worker that died) breaks the engine; what JS threw around the call is the
      // caller's (protocol.js, serializeError), and the engine answers the next call.
      const e = coded(err);
      if (e.code === 'INTERNAL_ERROR') {
        // After a trap the wasm state cannot be trusted: say so on every later call.
        this.#broken = Object.assign(new Error(`engine disposed after an internal error: ${e.message}`), { code: 'DISPOSED' });
      }
      throw e;
    }
  }

  /**
   * @param {string} question
   * @param {string} context
   * @param {import('./index').AnswerOptions} [options]
   * @returns {Promise<import('./index').Answer[]>}
   */
  answer(question, context, options) {
    return this.#call((raw) => {
      const [data, { signal, onProgress, onPartial }] = splitOptions(readOptions(options, 'the answer options'), 'answer');
      const bad = checkControls({ signal, onProgress, onPartial });
      if (bad) throw bad;
      return raw.answer(question, context, data, signal, onProgress, onPartial);
    });
  }

  /** Raw start/end logits for `[batch, seq]` int inputs; for parity checks. */
  logits(batch, seq, inputIds, attentionMask, tokenTypeIds) {
    return this.#call((raw) =>
      raw.logits(batch, seq, ints(inputIds, 'inputIds'), ints(attentionMask, 'attentionMask'), ints(tokenTypeIds, 'tokenTypeIds')),
    );
  }

  /** Bytes of wasm memory the module running this engine holds now (it only grows). */
  async wasmMemoryBytes() {
    return this.#memory ? this.#memory() : this.#raw.wasmMemoryBytes();
  }

  // The engine's info fields (protocol.js's INFO_FIELDS: backend, backendDetail, backendReason,
  // warnings, fromCache, modelName, precision, compute; documented in index.d.ts) read from the
  // engine running it. backendReason is the plan's reason (plan.js), with the measured figures
  // where the plan had the backends timed, then the engine's warnings.
  static {
    for (const k of INFO_FIELDS) {
      if (!(k in QaEngine.prototype)) Object.defineProperty(QaEngine.prototype, k, { get() { return this.#raw[k]; } });
    }
  }
  /** Which wasm build runs the CPU kernels: 'relaxed', 'baseline' or 'custom' (`wasmUrl`). */
  get simd() {
    return this.#simd;
  }
  /** CPU threads: 1 in the page's module, more in the threaded module's Worker. */
  get threads() {
    return this.#threads;
  }

  /** Always resolves; later calls reject with DISPOSED. */
  async dispose() {
    if (this.#broken) return void this.#raw.terminate?.(); // a worker after a trap: just stop it
    try {
      await this.#raw.dispose();
    } catch {
      // The module is gone already: nothing is left to free.
    }
  }

  /**
   * Test hook: stops the engine's Worker (`onPool`: one of its pool Workers) without a word, as a
   * browser that kills it does. Resolves to the name of the Web Lock that Worker held (null
   * without the Locks API), or false where the engine has no Worker. Not part of the API.
   */
  _killWorkerForTests(onPool = false) {
    if (typeof this.#raw.killForTests !== 'function') return false;
    return this.#raw.killForTests(onPool);
  }

  /** Test hook: a forced Rust panic inside a call, to test what a trap does. Not part of the API. */
  _panicForTests(onPool = false) {
    return this.#call((raw) => raw.panicForTests(onPool));
  }
}

export default QaEngine;

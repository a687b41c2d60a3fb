// korean-qa: the package's entry point. Every engine runs in its own Web Worker (threads.js,
// worker.js), so inference never blocks the page; where Workers cannot start, the page's module
// runs here instead. It also turns a Rust panic (a wasm trap) into an Error with a `code`;
// everything else is the Rust facade's.
import initCpu, * as cpuGlue from './korean_qa.js';
import initGpu, * as gpuGlue from './webgpu/korean_qa.js';
import { INFO_FIELDS, coded as fromMessage, hasCode, reasonWith, serializeError } from './protocol.js';
import { WorkerEngine, autoThreads, checkControls, compile, moduleUrl, raceAbort, threadsUnavailable, withSimdFallback } from './threads.js';

// Three modules, each fetched only when it runs: the page's CPU module (korean_qa_bg.wasm, what
// most visitors get), the WebGPU module (webgpu/korean_qa_bg.wasm, fetched only where a hardware
// adapter makes WebGPU a candidate) and the threaded CPU module (threads/). The CPU modules come in
// two builds with one JS glue each: korean_qa_bg.relaxed.wasm has gemm's kernels with
// f32x4.relaxed_madd (one FMA instead of a multiply and an add; about 10 % faster in Chromium), the
// other plain SIMD128 for browsers without relaxed SIMD. The WebGPU module is plain SIMD128 only:
// its CPU kernels run only to time the CPU against the GPU, or where WebGPU lost that race.
// The probe: (func (result v128) (f32x4.relaxed_madd (i32x4.splat 0) (i32x4.splat 0) (i32x4.splat 0))).
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0,
  65, 0, 253, 17, 65, 0, 253, 17, 65, 0, 253, 17, 253, 133, 2, 11,
]);
const SIMD = ['auto', 'relaxed', 'baseline'];

/** Whether this browser validates relaxed SIMD (what `simd: 'auto'` picks by). */
export function hasRelaxedSimd() {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

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

/** 'relaxed' or 'baseline' for a `simd` option; refuses 'relaxed' where the browser lacks it. */
function pickSimd(simd = 'auto') {
  if (!SIMD.includes(simd)) throw optionError(`simd must be one of ${SIMD.join(', ')}; got ${simd}`);
  if (simd === 'relaxed' && !hasRelaxedSimd()) {
    throw backendUnavailable('this browser has no relaxed SIMD; use simd: "auto" or "baseline"');
  }
  return simd === 'auto' ? (hasRelaxedSimd() ? 'relaxed' : 'baseline') : simd;
}

// One module of each kind per page (its glue holds one instance). The first load picks its build;
// a later load that names another one is refused rather than silently served by the wrong build.
function ensureInit({ kind = 'page', wasmUrl, simd = 'auto' } = {}) {
  const build = kind === 'webgpu' ? 'baseline' : pickSimd(simd);
  const want = wasmUrl ? 'custom' : build;
  const started = inPage.get(kind);
  if (started) {
    if ((wasmUrl || simd !== 'auto') && want !== started.loaded) {
      throw optionError(`this page already runs the ${started.loaded} module; reload the page to switch to ${want}`);
    }
    return started.ready;
  }
  const [init] = GLUES[kind];
  const state = { loaded: want };
  // compile() is the Workers' cache too: a module the page has fetched is not fetched again.
  state.ready = withSimdFallback(want, simd, async (b) => init({ module_or_path: await compile(wasmUrl ?? moduleUrl(kind, b)) })).then(([b, wasm]) => {
    state.loaded = b;
    return wasm;
  });
  state.ready.catch(() => inPage.delete(kind)); // a failed fetch may succeed later: let the next load retry
  inPage.set(kind, state);
  return state.ready;
}

function backendUnavailable(message) {
  return Object.assign(new Error(message), { code: 'BACKEND_UNAVAILABLE' });
}

/**
 * Whether `backend: 'auto'` may take WebGPU: null where it may (a hardware adapter), else why not
 * (no adapter, or a software one, which `auto` never takes). The same rule as src/choice.rs.
 */
async function webGpuRefusal() {
  let adapter = null;
  try {
    adapter = await globalThis.navigator?.gpu?.requestAdapter();
  } catch {
    // No adapter, as far as the engine is concerned.
  }
  if (!adapter) return 'cpu: no WebGPU adapter';
  const info = adapter.info ?? {};
  if (!(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false)) return null;
  const name = ['vendor', 'architecture', 'device', 'description'].map((k) => info[k]).filter(Boolean).join(' ');
  return `cpu: software WebGPU adapter skipped (${name || 'unnamed adapter'})`;
}

// Which module runs the engine, and with how many threads. WebGPU code is fetched only where it
// may run: `backend: 'webgpu'`, or 'auto' with a hardware adapter (the WebGPU module then times
// both backends, src/choice.rs). Everywhere else the CPU module runs: threaded where the page is
// cross-origin isolated ('auto' takes every core), else one thread. An explicit count that cannot
// be honoured is refused rather than quietly lowered. `reason` is why 'auto' chose the CPU.
async function pickEngine({ threads = 'auto', backend = 'auto', compute, wasmUrl }) {
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw optionError(`threads must be 'auto' or an integer from 1 to 64; got ${threads}`);
  }
  const auto = threads === 'auto';
  if (backend === 'webgpu') {
    if (auto || threads === 1) return { kind: 'webgpu', n: 1 };
    throw optionError("threads apply to the CPU backend; use backend: 'cpu' or 'auto' with threads > 1");
  }
  let reason;
  if (backend === 'auto') {
    // int8 products run on the CPU only: asking for them rules WebGPU out before its module is fetched.
    reason = compute === 'int8' ? 'cpu: compute int8 asked for' : await webGpuRefusal();
    if (reason === null) return { kind: 'webgpu', n: 1 }; // WebGPU may win: that module decides, measuring
  }
  const one = { kind: 'page', n: 1, reason };
  if (threads === 1) return one;
  if (wasmUrl) {
    if (auto) return one;
    throw optionError('wasmUrl names a page module: it cannot be combined with threads > 1');
  }
  const why = threadsUnavailable();
  if (why) {
    if (auto) return one;
    throw backendUnavailable(why);
  }
  return { kind: 'threads', n: auto ? autoThreads() : threads, reason };
}

/** `url` resolved against the caller's document (a string), or undefined when not given. */
function resolveUrl(url, name) {
  if (url === undefined || url === null) return undefined;
  if (typeof url !== 'string' && !(url instanceof URL)) throw optionError(`\`${name}\` must be a URL (a string); got ${typeof url}`);
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  try {
    return new URL(url, base).href;
  } catch {
    throw optionError(`\`${name}\` is not a valid URL: ${url}`);
  }
}

/** Compiles the build a Worker of `kind` will run (relaxed SIMD where it validates). */
async function startModule(kind, simd, threads) {
  const pick = pickSimd(simd); // refuses a bad option even for the WebGPU module, which has one build
  const [build, module] = await withSimdFallback(kind === 'webgpu' ? 'baseline' : pick, simd, (b) => compile(moduleUrl(kind, b)));
  return { kind, threads: kind === 'threads' ? threads : 1, build, module };
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
/** The published model, from the Hugging Face hub: what `QaEngine.load()` answers with. */
export const DEFAULT_MODEL = 'hf:monologg/koelectra-small-v2-distilled-korquad-384';

export class QaEngine {
  #raw;
  #broken = null;
  #simd;
  #threads;
  #reason; // why 'auto' chose the CPU, when the page chose it before starting a module
  #memory; // the in-page module's memory bytes (a Worker engine asks its Worker)

  /** @private */
  constructor(raw, simd, threads, reason, memory) {
    this.#raw = raw;
    this.#simd = simd;
    this.#threads = threads;
    this.#reason = reason;
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
    const { wasmUrl: rawWasmUrl, webgpuWasmUrl: rawGpuUrl, simd, threads, ...rest } = readOptions(options, 'the load options') ?? {};
    const bad = checkControls({ signal: rest.signal, onProgress: rest.onProgress });
    if (bad) throw bad;
    // Relative URLs mean the caller's page, wherever the engine then runs (a Worker resolves
    // them against its own script).
    const custom = { page: resolveUrl(rawWasmUrl, 'wasmUrl'), webgpu: resolveUrl(rawGpuUrl, 'webgpuWasmUrl') };
    // `hf:OWNER/NAME[@REVISION]` names a hub repository (the default is the published model);
    // anything else is a bundle's URL.
    rest.model ??= DEFAULT_MODEL;
    if (!(typeof rest.model === 'string' && rest.model.startsWith('hf:'))) rest.model = resolveUrl(rest.model, 'model');
    if (rest.hubUrl !== undefined && rest.hubUrl !== null) rest.hubUrl = resolveUrl(rest.hubUrl, 'hubUrl');
    // With `auto`, the CPU modules (which have no WebGPU) get the reason the CPU was chosen here.
    const { kind: picked, n, reason } = await pickEngine({ threads, backend: rest.backend, compute: rest.compute, wasmUrl: custom.page });
    const auto = (threads ?? 'auto') === 'auto';
    if (typeof Worker !== 'undefined') {
      // The threaded module where it was asked for and the page allows it, else the page's CPU module.
      const kinds = picked === 'threads' ? ['threads', 'page'] : [picked];
      for (const kind of kinds) {
        let start;
        try {
          const url = custom[kind];
          // The download and compile of a module (MBs, once per page) do not hold up an abort.
          start = await raceAbort(url ? compile(url).then((module) => ({ kind, threads: 1, build: 'custom', module })) : startModule(kind, simd, n), rest.signal);
        } catch (err) {
          if (err?.code === 'ABORTED') throw err;
          // The threaded build is missing or unusable: 'auto' runs the page module instead. The
          // page module itself has no other build to fall back on.
          if (kind === 'threads' && auto) {
            console.warn(`korean-qa: wasm threads unavailable (${err.message}); using one thread`);
            continue;
          }
          if (kind === 'threads' && err?.code !== 'INVALID_OPTIONS') {
            throw Object.assign(new Error(`the threaded module could not start: ${err.message}`), { code: 'BACKEND_UNAVAILABLE', cause: err });
          }
          throw coded(err);
        }
        try {
          const worker = await WorkerEngine.create(start, rest, reason);
          return new QaEngine(worker, worker.simd, worker.threads);
        } catch (err) {
          // A module or Worker that cannot start: 'auto' falls back (to one thread, then to the
          // page's own thread); an error from the load itself (fetch, integrity, options) is the
          // caller's to see.
          if (err?.stage !== 'start' || (kind === 'threads' && !auto)) throw coded(err);
          console.warn(
            kind === 'threads'
              ? `korean-qa: wasm threads unavailable (${err.message}); using one thread`
              : `korean-qa: the engine's worker is unavailable (${err.message}); running on the page's thread`,
          );
        }
      }
    }
    const kind = picked === 'webgpu' ? 'webgpu' : 'page';
    const wasm = await ensureInit({ kind, wasmUrl: custom[kind], simd });
    try {
      const raw = await GLUES[kind][1].QaEngine.load(rest);
      return new QaEngine(raw, inPage.get(kind).loaded, 1, reason, () => wasm.memory.buffer.byteLength);
    } catch (err) {
      throw coded(err);
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
    // The CPU module: the one most pages start anyway (a page on WebGPU fetches it for this).
    await ensureInit({ wasmUrl: resolveUrl(wasmUrl, 'wasmUrl'), simd });
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
    return this.#call((raw) => raw.answer(question, context, readOptions(options, 'the answer options')));
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

  // The engine's info fields (protocol.js's INFO_FIELDS: backend, backendDetail, warnings, fromCache,
  // modelName, precision, compute; documented in index.d.ts) read from the engine running it.
  // backendReason says more where the page chose the backend before any module ran.
  static {
    for (const k of INFO_FIELDS) {
      if (!(k in QaEngine.prototype)) Object.defineProperty(QaEngine.prototype, k, { get() { return this.#raw[k]; } });
    }
  }
  /** Why this backend, e.g. 'cpu: software WebGPU adapter skipped (google swiftshader)'. */
  get backendReason() {
    return reasonWith(this.#reason, this.#raw);
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

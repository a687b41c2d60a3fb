// How a load runs, decided once and in one place. `probe()` reads the facts of this browser (once
// per page; the WebGPU adapter only when a load may use it), and `resolvePlan()` turns the caller's
// options and those facts into one complete, frozen plan: which model, which wasm module and
// build, which backend, how many threads, and why. Everything after it (index.js, the engine's
// Worker, the wasm module) only carries the plan out; the wasm module times WebGPU against the CPU
// only where the plan says `backend: 'measure'`, and writes the figures into the reason.
//
// Why these rules: a software WebGPU adapter (SwiftShader, WARP, lavapipe) takes about 30 s for a
// 384-token forward where the CPU takes 0.2 s, so `auto` never takes one; a hardware adapter is
// timed, since this small model often runs faster on the CPU than on a laptop GPU (src/choice.rs).
// int8 products run on the CPU only (docs/int8.md). Threads need a cross-origin isolated page.

/** The published model, from the Hugging Face hub: what `QaEngine.load()` answers with. */
export const DEFAULT_MODEL = 'hf:monologg/koelectra-small-v2-distilled-korquad-384';

const SIMD = ['auto', 'relaxed', 'baseline'];
const BACKENDS = ['auto', 'webgpu', 'cpu'];
/** The most CPU threads `threads: 'auto'` takes, and the most a caller may ask for. */
const AUTO_THREADS_MAX = 8;
const THREADS_MAX = 64;

// The probe: (func (result v128) (f32x4.relaxed_madd (i32x4.splat 0) (i32x4.splat 0) (i32x4.splat 0))).
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0,
  65, 0, 253, 17, 65, 0, 253, 17, 65, 0, 253, 17, 253, 133, 2, 11,
]);

/** Whether this browser validates relaxed SIMD (what `simd: 'auto'` picks by). */
export function hasRelaxedSimd() {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

const coded = (message, code) => Object.assign(new Error(message), { code });
const optionError = (message) => coded(message, 'INVALID_OPTIONS');
const unavailable = (message) => coded(message, 'BACKEND_UNAVAILABLE');

/** What a WebGPU adapter says of itself: `{ name, software }`; the name is for reasons and keys. */
export function describeAdapter(adapter) {
  const info = adapter.info ?? {};
  const name = ['vendor', 'architecture', 'device', 'description'].map((k) => info[k]).filter(Boolean).join(' ');
  // `info.isFallbackAdapter` now, `adapter.isFallbackAdapter` in older browsers.
  return Object.freeze({ name: name || 'unnamed adapter', software: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false) });
}

let facts = null;
let adapter = null;

/**
 * The facts of this browser a plan is made from, read once per page: cross-origin isolation,
 * cores, relaxed SIMD, Workers, the page's base URL; with `{ gpu: true }` also the WebGPU
 * adapter (`null` where there is none), asked for once.
 */
export async function probe({ gpu = false } = {}) {
  facts ??= Object.freeze({
    isolated: typeof SharedArrayBuffer !== 'undefined' && !!globalThis.crossOriginIsolated,
    cores: globalThis.navigator?.hardwareConcurrency ?? 1,
    relaxedSimd: hasRelaxedSimd(),
    workers: typeof Worker !== 'undefined',
    base: globalThis.document?.baseURI ?? globalThis.location?.href,
  });
  if (!gpu) return facts;
  adapter ??= (async () => {
    try {
      const a = await globalThis.navigator?.gpu?.requestAdapter();
      return a ? describeAdapter(a) : null;
    } catch {
      return null; // no adapter, as far as the engine is concerned
    }
  })();
  return Object.freeze({ ...facts, gpu: await adapter });
}

/** Whether a plan for `options` needs the WebGPU adapter (so `probe` asks for it). */
export const needsGpu = ({ backend = 'auto', compute, threads = 'auto' } = {}) =>
  backend === 'webgpu' || (backend === 'auto' && compute !== 'int8' && (threads === 'auto' || threads === 1));

/** Why this page cannot run wasm threads, or null when it can. */
export function threadsRefusal(f) {
  if (!f.isolated) {
    return 'wasm threads need a cross-origin isolated page (serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (!f.workers) return 'this context cannot start Web Workers';
  return null;
}

/** `url` resolved against the page (a string), or undefined when not given. */
function resolveUrl(url, name, base) {
  if (url === undefined || url === null) return undefined;
  if (typeof url !== 'string' && !(url instanceof URL)) throw optionError(`\`${name}\` must be a URL (a string); got ${typeof url}`);
  try {
    return new URL(url, base).href;
  } catch {
    throw optionError(`\`${name}\` is not a valid URL: ${url}`);
  }
}

/** 'relaxed' or 'baseline' for a `simd` option; refuses 'relaxed' where the browser lacks it. */
function pickSimd(simd, f) {
  if (!SIMD.includes(simd)) throw optionError(`simd must be one of ${SIMD.join(', ')}; got ${String(simd)}`);
  if (simd === 'relaxed' && !f.relaxedSimd) throw unavailable('this browser has no relaxed SIMD; use simd: "auto" or "baseline"');
  return simd === 'auto' ? (f.relaxedSimd ? 'relaxed' : 'baseline') : simd;
}

/**
 * The backend and why: `{ backend: 'cpu' | 'webgpu' | 'measure', reason, adapter }`. `measure`:
 * a hardware adapter and nothing against it, so the WebGPU module times both backends.
 */
function pickBackend(backend, compute, threads, gpu) {
  if (!BACKENDS.includes(backend)) throw optionError(`\`backend\` must be 'auto', 'webgpu' or 'cpu'; got ${String(backend)}`);
  if (backend === 'cpu') return { backend: 'cpu', reason: 'cpu: asked for', adapter: null };
  if (backend === 'webgpu' && threads !== 'auto' && threads !== 1) {
    throw optionError("threads apply to the CPU backend; use backend: 'cpu' or 'auto' with threads > 1");
  }
  // The WebGPU module runs one thread: a count of several is a request for the CPU.
  if (threads !== 'auto' && threads !== 1) return { backend: 'cpu', reason: `cpu: threads: ${threads} asked for`, adapter: null };
  if (compute === 'int8') {
    if (backend === 'webgpu') throw optionError("`compute: 'int8'` runs on the CPU backend only; WebGPU computes in fp32");
    return { backend: 'cpu', reason: 'cpu: compute int8 asked for', adapter: null };
  }
  if (backend === 'webgpu') {
    if (!gpu) throw unavailable('this browser has no WebGPU adapter (navigator.gpu is missing, or it offered none)');
    return { backend: 'webgpu', reason: 'webgpu: asked for', adapter: gpu };
  }
  if (!gpu) return { backend: 'cpu', reason: 'cpu: no WebGPU adapter', adapter: null };
  if (gpu.software) return { backend: 'cpu', reason: `cpu: software WebGPU adapter skipped (${gpu.name})`, adapter: null };
  return { backend: 'measure', reason: `webgpu (${gpu.name}) to be timed against the cpu`, adapter: gpu };
}

/**
 * The plan for one load: `options` (the caller's, read once) against the facts `f` (`probe`; with
 * `gpu` wherever `needsGpu(options)`). Throws INVALID_OPTIONS or BACKEND_UNAVAILABLE, naming the
 * option, before anything is fetched. Frozen, fallbacks included:
 * - `source`: 'hub' (`model` is `hf:OWNER/NAME[@REV]`) or 'bundle' (`model` is a resolved URL);
 * - `module`: 'page' (the CPU on one thread), 'webgpu' or 'threads' (the CPU on a pool);
 * - `simd`: the build, 'relaxed', 'baseline' or 'custom' (`wasmUrl`); `simdFallback`: whether a
 *   relaxed build that fails to compile may be replaced by the baseline one (`simd: 'auto'`);
 * - `backend`: 'cpu', 'webgpu' or 'measure'; `reason`: why; `adapter`: the WebGPU adapter's
 *   `{ name, software }` where the backend may be WebGPU;
 * - `compute`, `threads` (a count), `url` (a custom module URL), `hubUrl`;
 * - `worker`: in a Web Worker, else on the page's thread;
 * - `fallback`: the plan to run when this one's module or Worker cannot start, or null.
 */
export function resolvePlan(options = {}, f) {
  const { threads = 'auto', backend = 'auto', simd = 'auto', compute } = options;
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= THREADS_MAX)) {
    throw optionError(`threads must be 'auto' or an integer from 1 to ${THREADS_MAX}; got ${String(threads)}`);
  }
  const model = options.model ?? DEFAULT_MODEL;
  const hub = typeof model === 'string' && model.startsWith('hf:');
  const source = { source: hub ? 'hub' : 'bundle', model: hub ? model : resolveUrl(model, 'model', f.base), hubUrl: resolveUrl(options.hubUrl, 'hubUrl', f.base) };
  const urls = { page: resolveUrl(options.wasmUrl, 'wasmUrl', f.base), webgpu: resolveUrl(options.webgpuWasmUrl, 'webgpuWasmUrl', f.base) };
  const build = pickSimd(simd, f); // refused even for the WebGPU module, which has one build
  const chosen = pickBackend(backend, compute, threads, f.gpu);
  const auto = threads === 'auto';
  let module = chosen.backend === 'cpu' ? 'page' : 'webgpu';
  let n = 1;
  if (module === 'page' && threads !== 1) {
    const why = urls.page ? 'wasmUrl names a page module: it cannot be combined with threads > 1' : threadsRefusal(f);
    if (!why) [module, n] = ['threads', auto ? Math.max(1, Math.min(AUTO_THREADS_MAX, f.cores)) : threads];
    else if (!auto) throw urls.page ? optionError(why) : unavailable(why);
  }
  const url = module === 'threads' ? undefined : urls[module];
  const plan = {
    ...source,
    module,
    simd: url ? 'custom' : module === 'webgpu' ? 'baseline' : build,
    simdFallback: !url && module !== 'webgpu' && build === 'relaxed' && simd === 'auto',
    ...chosen,
    compute: compute ?? 'auto',
    threads: n,
    url,
    worker: f.workers,
  };
  // What runs when this cannot start: one thread where 'auto' asked for a pool, then the page's
  // own thread where its Worker cannot start (an explicit thread count has no fallback).
  let fallback = null;
  if (module === 'threads') fallback = auto ? { ...plan, module: 'page', threads: 1, simd: build, simdFallback: build === 'relaxed' && simd === 'auto', url: undefined } : null;
  else if (plan.worker) fallback = { ...plan, worker: false };
  if (fallback?.worker) fallback.fallback = Object.freeze({ ...fallback, worker: false, fallback: null });
  else if (fallback) fallback.fallback = null;
  return Object.freeze({ ...plan, fallback: fallback && Object.freeze(fallback) });
}

/** Probes what the options need, then resolves their plan. */
export async function planLoad(options = {}) {
  return resolvePlan(options, await probe({ gpu: needsGpu(options) }));
}

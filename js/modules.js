// The wasm modules: where each build lives, and its fetch and compile, once per page. Three
// modules, each fetched only when a plan runs it (plan.js): the page's CPU module
// (korean_qa_bg.wasm, what most visitors get), the WebGPU module (webgpu/korean_qa_bg.wasm) and
// the threaded CPU module (threads/). The CPU modules come in two builds with one JS glue each:
// korean_qa_bg.relaxed.wasm has gemm's kernels with f32x4.relaxed_madd (one FMA instead of a
// multiply and an add; about 10 % faster in Chromium), the other plain SIMD128 for browsers
// without relaxed SIMD. The WebGPU module is plain SIMD128 only: its CPU kernels run only to time
// the CPU against the GPU, or where WebGPU lost that race.
import { coded } from './protocol.js';

// Every module URL is a string literal inside `new URL(…, import.meta.url)`: the one form
// bundlers (Vite, webpack 5) recognise, copy and rewrite.
const MODULE_URLS = {
  page: {
    relaxed: () => new URL('./korean_qa_bg.relaxed.wasm', import.meta.url),
    baseline: () => new URL('./korean_qa_bg.wasm', import.meta.url),
  },
  webgpu: {
    baseline: () => new URL('./webgpu/korean_qa_bg.wasm', import.meta.url),
  },
  threads: {
    relaxed: () => new URL('./threads/korean_qa_bg.relaxed.wasm', import.meta.url),
    baseline: () => new URL('./threads/korean_qa_bg.wasm', import.meta.url),
  },
};

/**
 * The URL of one wasm build: 'page' (CPU), 'webgpu' or 'threads' (CPU), 'relaxed' or 'baseline'
 * (the WebGPU module has only the baseline build).
 */
export const moduleUrl = (kind, simd) => {
  const urls = MODULE_URLS[kind];
  return (urls[simd] ?? urls.baseline)();
};

// Each module is fetched and compiled once per page and build; every engine's Worker
// instantiates the same compiled module (a later load skips the download and the compile).
const compiled = new Map(); // URL → Promise<WebAssembly.Module>

/** Fetches and compiles a wasm module; a failure names the URL and carries a code. */
export function compile(url) {
  const key = String(url);
  if (!compiled.has(key)) {
    const module = (async () => {
      let res;
      try {
        res = await fetch(url);
      } catch (err) {
        throw coded({ message: `could not fetch ${url}: ${err.message}`, code: 'MODEL_FETCH_FAILED' });
      }
      if (!res.ok) throw coded({ message: `could not fetch ${url}: HTTP ${res.status}`, code: 'MODEL_FETCH_FAILED' });
      try {
        // Streaming compile needs the wasm MIME type; any other server gets the buffered path.
        if (res.headers.get('content-type')?.startsWith('application/wasm')) return await WebAssembly.compileStreaming(res);
        return await WebAssembly.compile(await res.arrayBuffer());
      } catch (err) {
        // An HTML fallback page (a bundler or SPA server that did not emit the file) lands here.
        throw coded({ message: `${url} is not a usable wasm module: ${err.message}`, code: 'BACKEND_UNAVAILABLE' });
      }
    })();
    module.catch(() => compiled.delete(key)); // let a later load retry
    compiled.set(key, module);
  }
  return compiled.get(key);
}

/**
 * Runs `f(build)` and resolves to `[build, value]`. Where the plan allows it (`simd: 'auto'`
 * picked relaxed) and that fails (a browser that validates the probe but cannot compile the big
 * module), runs it once more on the plain SIMD128 build. For the page's module and the threaded
 * one alike.
 */
export async function withSimdFallback(build, mayFallBack, f) {
  try {
    return [build, await f(build)];
  } catch (err) {
    if (build !== 'relaxed' || !mayFallBack) throw err;
    return ['baseline', await f('baseline')];
  }
}

/** The plan's module, compiled: `[build, WebAssembly.Module]`, build 'custom' for the plan's `url`. */
export function compilePlanned(plan) {
  if (plan.url) return compile(plan.url).then((module) => ['custom', module]);
  return withSimdFallback(plan.simd, plan.simdFallback, (b) => compile(moduleUrl(plan.module, b)));
}

// The page's side of the threaded engine: one dedicated Worker per engine (js/worker.js) running
// the threaded module with a rayon pool of its own. The proxy has the raw engine's shape, so
// QaEngine in index.js wraps either one the same way.

/** Why this page cannot run wasm threads, or null when it can. */
export function threadsUnavailable() {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    return 'wasm threads need a cross-origin isolated page (serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (typeof Worker === 'undefined') return 'this context cannot start Web Workers';
  return null;
}

/** The thread count `threads: 'auto'` picks: every core, at most 8. */
export function autoThreads() {
  return Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 1));
}

const coded = ({ message, code }) => Object.assign(new Error(message), { code });

/**
 * Runs `f(build)` and resolves to `[build, value]`. Where `simd: 'auto'` picked relaxed and that
 * fails (a browser that validates the probe but cannot compile the big module), runs it once
 * more on the plain SIMD128 build. For the page's module and the threaded one alike.
 */
export async function withSimdFallback(build, option, f) {
  try {
    return [build, await f(build)];
  } catch (err) {
    if (build !== 'relaxed' || (option ?? 'auto') !== 'auto') throw err;
    return ['baseline', await f('baseline')];
  }
}

// The threaded module, fetched and compiled once per page and build; every engine's Worker
// instantiates the same compiled module (a later load skips the download and the compile).
const compiled = new Map(); // 'relaxed' | 'baseline' → Promise<WebAssembly.Module>

function compile(simd) {
  if (!compiled.has(simd)) {
    const url = new URL(`./threads/korean_qa_bg${simd === 'relaxed' ? '.relaxed' : ''}.wasm`, import.meta.url);
    const module = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      // Streaming compile needs the wasm MIME type; any other server gets the buffered path.
      if (res.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
      return WebAssembly.compile(await res.arrayBuffer());
    })();
    module.catch(() => compiled.delete(simd)); // let a later load retry
    compiled.set(simd, module);
  }
  return compiled.get(simd);
}

export class WorkerEngine {
  #worker;
  #next = 0;
  #pending = new Map(); // id → { resolve, reject, onProgress }
  #info = null;
  #closed = null; // the Error every call gets once the worker is gone
  threads;
  simd; // the build the worker runs: 'relaxed' | 'baseline'

  constructor(threads) {
    this.threads = threads;
    this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'korean-qa' });
    this.#worker.onmessage = ({ data }) => {
      const p = this.#pending.get(data.id);
      if (!p) return;
      if ('progress' in data) {
        try {
          p.onProgress?.(data.progress);
        } catch (err) {
          console.error('korean-qa: onProgress threw', err);
        }
        return;
      }
      this.#pending.delete(data.id);
      if (data.error) p.reject(coded(data.error));
      else p.resolve(data.value);
    };
    // A worker that fails to start or traps outside a call: every pending call learns of it.
    this.#worker.onerror = (e) => {
      e.preventDefault?.();
      this.#failAll({ message: `internal error: the engine's worker failed: ${e.message ?? e}`, code: 'INTERNAL_ERROR' });
    };
  }

  #failAll(error) {
    this.#closed ??= coded(error);
    for (const p of this.#pending.values()) p.reject(coded(error));
    this.#pending.clear();
  }

  #send(msg, { onProgress, transfer = [] } = {}) {
    const id = this.#next++;
    if (this.#closed) return { id, done: Promise.reject(this.#closed) };
    return {
      id,
      done: new Promise((resolve, reject) => {
        this.#pending.set(id, { resolve, reject, onProgress });
        try {
          this.#worker.postMessage({ ...msg, id }, transfer);
        } catch (err) {
          // Not structured-cloneable (a function, a URL object): the caller's values, not ours.
          this.#pending.delete(id);
          const code = msg.op === 'load' ? 'INVALID_OPTIONS' : 'INVALID_INPUT';
          reject(coded({ message: `cannot be sent to the engine's worker: ${err.message}`, code }));
        }
      }),
    };
  }

  /** Starts the module and its pool, then loads the bundle; rejects with a coded Error. */
  static async create(threads, simd, simdOption, options) {
    const engine = new WorkerEngine(threads);
    try {
      try {
        const [build, module] = await withSimdFallback(simd, simdOption, compile);
        await engine.#send({ op: 'start', threads, module }).done;
        engine.simd = build;
      } catch (err) {
        // index.js may fall back to the page's module on this one.
        throw Object.assign(new Error(`the threaded module could not start: ${err.message}`), {
          code: 'BACKEND_UNAVAILABLE',
          stage: 'start',
          cause: err,
        });
      }
      const { onProgress, signal, ...rest } = options;
      if (signal?.aborted) throw coded({ message: 'the load was aborted', code: 'ABORTED' });
      const call = engine.#send(
        { op: 'load', options: { ...rest, onProgress: !!onProgress, signal: !!signal } },
        { onProgress },
      );
      const abort = () => engine.#worker.postMessage({ op: 'abort', target: call.id, id: -1 });
      signal?.addEventListener('abort', abort, { once: true });
      try {
        engine.#info = await call.done;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
      return engine;
    } catch (err) {
      engine.#worker.terminate();
      throw err;
    }
  }

  answer(question, context, options) {
    return this.#send({ op: 'answer', args: [question, context, options] }).done;
  }

  logits(batch, seq, inputIds, attentionMask, tokenTypeIds) {
    const args = [batch, seq, inputIds, attentionMask, tokenTypeIds];
    return this.#send({ op: 'logits', args }, { transfer: args.slice(2).map((a) => a.buffer) }).done;
  }

  wasmMemoryBytes() {
    return this.#send({ op: 'memoryBytes' }).done;
  }

  get backend() {
    return this.#info.backend;
  }
  get backendDetail() {
    return `${this.#info.backendDetail}, ${this.threads} threads in a worker`;
  }
  get fromCache() {
    return this.#info.fromCache;
  }
  get modelName() {
    return this.#info.modelName;
  }
  get precision() {
    return this.#info.precision;
  }

  /** Stops the worker and its pool now; pending calls reject with DISPOSED. */
  terminate() {
    this.#worker.terminate();
    this.#failAll({ message: 'the engine was disposed', code: 'DISPOSED' });
  }

  /** Frees the model after queued calls, then stops the worker and its pool. */
  async dispose() {
    try {
      await this.#send({ op: 'dispose' }).done;
    } finally {
      this.terminate();
    }
  }
}

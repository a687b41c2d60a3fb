// The page's side of the engine's Worker: one dedicated Worker per engine (js/worker.js), running
// the page's CPU module (one thread), the WebGPU module, or the threaded module (a rayon pool of
// its own). Inference never runs on the page's thread. The proxy has the raw engine's shape, so
// QaEngine in index.js wraps it or the in-page fallback the same way. The messages: protocol.js.
import { INFO_FIELDS, OP, callbackOf, coded, flagsOf, lifeLock, trapError, whenGone } from './protocol.js';

/**
 * A promise that rejects with ABORTED when `signal` fires (never settles without one), and the
 * function that stops listening: a long-lived signal must not collect one listener per load.
 */
function whenAborted(signal) {
  let stop = () => {};
  const aborted = new Promise((_, reject) => {
    if (!signal) return;
    const fire = () => reject(coded({ message: 'the load was aborted', code: 'ABORTED' }));
    if (signal.aborted) return fire();
    signal.addEventListener('abort', fire, { once: true });
    stop = () => signal.removeEventListener('abort', fire);
  });
  return [aborted, () => stop()];
}

/** `promise`, or ABORTED as soon as `signal` fires, whichever comes first. */
export async function raceAbort(promise, signal) {
  const [aborted, stop] = whenAborted(signal);
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    stop();
  }
}

/** How long a Worker may take to start its module (and pool) before the start counts as failed. */
const START_TIMEOUT_MS = 30_000;
/** How long dispose() waits for queued calls before it stops the Worker anyway. */
const DISPOSE_TIMEOUT_MS = 10_000;

export class WorkerEngine {
  #worker;
  #next = 0;
  #pending = new Map(); // id → { resolve, reject, onProgress }
  #info = null;
  #closed = null; // the Error every call gets once the worker is gone
  #pool = []; // the threaded module's pool Workers (#startPool), held for the engine's life
  #locks = new Map(); // Worker → the Web Lock it holds for its life (#watch)
  threads;
  simd; // the build the worker runs: 'relaxed' | 'baseline'

  constructor(threads) {
    this.threads = threads;
    this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'korean-qa' });
    this.#worker.onmessage = ({ data }) => {
      // The module trapped (a Rust panic): its state is gone, so is every call in flight. Stopping
      // the Worker now also frees its memory and closes its IndexedDB connection.
      if (data.fatal) return void this.#fatal(data.fatal);
      const p = this.#pending.get(data.id);
      if (!p) return;
      const callback = callbackOf(data);
      if (callback) {
        const [name, value] = callback;
        try {
          p[name]?.(value);
        } catch (err) {
          console.error(`korean-qa: ${name} threw`, err);
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
      this.#fatal(trapError(`the engine's worker failed: ${e.message ?? e}`));
    };
  }

  /** Ends the engine once the Worker holding `lock` has ended, unless the engine ended first. */
  #watch(lock, what) {
    whenGone(lock, () => {
      if (!this.#closed) this.#fatal(trapError(`${what}'s Worker stopped (killed by the browser, or out of memory)`));
    });
  }

  /** The module trapped: every call in flight and to come gets `error`, and every Worker stops. */
  #fatal(error) {
    this.#failAll(error); // first, so that the calls get this error rather than DISPOSED
    this.terminate();
  }

  /**
   * Starts the threaded module's pool: one Worker (pool.js) per thread on the engine Worker's
   * shared `memory`, then, once every one waits for its rayon thread, the pool itself. The page
   * starts them, not the engine's Worker: Firefox started Workers nested in it only most of the
   * time (about 1 fresh start in 25 never ran a line of pool.js; docs/architecture.md). Held in
   * #pool, so rooted (Firefox collects an unrooted Worker that shares wasm memory, bug 1702191).
   * A pool thread that traps while the engine's Worker waits for it inside a parallel region (a
   * blocking wait: that Worker's own events never run again) tells the page here, which ends the
   * engine. The literal `new URL('./pool.js', import.meta.url)` is what bundlers follow.
   */
  async #startPool(module, { memory, handle }) {
    await Promise.all(
      Array.from(
        { length: this.threads },
        () =>
          new Promise((resolve, reject) => {
            const w = new Worker(new URL('./pool.js', import.meta.url), { type: 'module', name: 'korean-qa-pool' });
            const lock = lifeLock();
            this.#pool.push(w);
            this.#locks.set(w, lock);
            let started = false;
            const fail = (why) => {
              if (!started) reject(new Error(`a pool worker failed to start: ${why}`));
              else this.#fatal(trapError(`a pool thread failed: ${why}`));
            };
            w.onmessage = ({ data }) => {
              if (data?.fatal) return void (started ? this.#fatal(data.fatal) : reject(new Error(data.fatal.message)));
              started = true;
              this.#watch(lock, 'a pool thread');
              resolve();
            };
            // Before the start: the start fails. After it: a pool thread died, and the call
            // waiting on it never returns, so the engine is gone.
            w.onerror = (e) => {
              e.preventDefault?.();
              fail(e.message ?? e);
            };
            w.onmessageerror = () => fail('a message could not be read');
            w.postMessage({ module, memory, handle, lock });
          }),
      ),
    );
    await this.#send({ op: OP.buildPool }).done;
  }

  #failAll(error) {
    this.#closed ??= coded(error);
    for (const p of this.#pending.values()) p.reject(coded(error));
    this.#pending.clear();
  }

  #send(msg, { onProgress, onPartial, transfer = [] } = {}) {
    const id = this.#next++;
    if (this.#closed) return { id, done: Promise.reject(this.#closed) };
    return {
      id,
      done: new Promise((resolve, reject) => {
        this.#pending.set(id, { resolve, reject, onProgress, onPartial });
        try {
          this.#worker.postMessage({ ...msg, id }, transfer);
        } catch (err) {
          // Not structured-cloneable (a function, a URL object): the caller's values, not ours.
          this.#pending.delete(id);
          const code = msg.op === OP.load ? 'INVALID_OPTIONS' : 'INVALID_INPUT';
          reject(coded({ message: `cannot be sent to the engine's worker: ${err.message}`, code }));
        }
      }),
    };
  }

  /** Sends a call whose `signal` the Worker honours: aborting posts an abort for that call. */
  async #abortable(msg, signal, callbacks) {
    if (signal?.aborted) throw coded({ message: `the ${msg.op} was aborted`, code: 'ABORTED' });
    const call = this.#send(msg, callbacks);
    const abort = () => this.#worker.postMessage({ op: OP.abort, target: call.id, id: -1 });
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return await call.done;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Starts a Worker on the plan's module ('page': the CPU on one thread; 'webgpu': WebGPU, or the
   * CPU where it measured faster; 'threads': the threaded module with `plan.threads` pool
   * workers), compiled as `[build, module]`, then loads the bundle: `load` is `{ data, plan,
   * controls }`, the module's load arguments (index.js `moduleLoad`); rejects with a coded Error.
   * A start that fails or hangs carries `stage: 'start'`, so index.js may run the plan's fallback.
   */
  static async create(plan, compiled, load) {
    const engine = await WorkerEngine.#create(plan, compiled, load);
    if (!engine.#info.convertedIntoCache) return engine;
    // This Worker converted a hub checkpoint: its memory keeps the conversion's high-water mark
    // (about twice the int8 engine's) for as long as it lives, since wasm memory never shrinks.
    // The bundle it made is cached now, so a fresh Worker loads it (no request for weights, a
    // few hundred ms) and this one ends. Should that fail, this engine serves as it is.
    const { signal } = load.controls;
    try {
      const peak = await engine.wasmMemoryBytes();
      const t0 = performance.now();
      const fresh = await WorkerEngine.#create(plan, compiled, { ...load, controls: { signal } });
      if (fresh.#info.convertedIntoCache || !fresh.#info.fromCache) {
        fresh.terminate(); // the cache lost the bundle at once: keep the engine that has it
        return engine;
      }
      console.debug(`korean-qa: converted in a worker of ${(peak / 2 ** 20).toFixed(1)} MiB; reloaded from the cache in a fresh one of ${((await fresh.wasmMemoryBytes()) / 2 ** 20).toFixed(1)} MiB in ${(performance.now() - t0).toFixed(0)} ms`);
      fresh.#info = { ...fresh.#info, fromCache: false }; // this load did download the weights
      engine.terminate();
      return fresh;
    } catch (err) {
      if (err?.code === 'ABORTED' || signal?.aborted) {
        engine.terminate();
        throw coded({ message: 'the load was aborted', code: 'ABORTED' });
      }
      console.warn(`korean-qa: could not reload the converted model in a fresh worker (${err?.message ?? err}); keeping the converting one`);
      return engine;
    }
  }

  static async #create({ module: kind, threads }, [build, module], { data, plan, controls }) {
    const engine = new WorkerEngine(threads);
    const { onProgress, signal } = controls;
    // One listener for the whole load, removed at its end; it also stops a wait for the compile.
    const [aborted, stopListening] = whenAborted(signal);
    aborted.catch(() => {}); // raced below; only the race's loser may go unheard
    try {
      if (signal?.aborted) throw coded({ message: 'the load was aborted', code: 'ABORTED' });
      try {
        let timer;
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from the worker in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
        });
        try {
          const lock = lifeLock();
          engine.#locks.set(engine.#worker, lock);
          const started = await Promise.race([engine.#send({ op: OP.start, kind, threads, module, lock }).done, timeout, aborted]);
          engine.#watch(lock, "the engine");
          if (kind === 'threads') await Promise.race([engine.#startPool(module, started), timeout, aborted]);
        } finally {
          clearTimeout(timer);
        }
        engine.simd = build;
      } catch (err) {
        if (err.code === 'ABORTED') throw err;
        throw Object.assign(new Error(`the ${kind === 'threads' ? 'threaded' : 'engine'} module could not start: ${err.message}`), {
          code: err.code === 'MODEL_FETCH_FAILED' ? err.code : 'BACKEND_UNAVAILABLE',
          stage: 'start',
          cause: err,
        });
      }
      // An abort wins at once, even while the Worker is inside a cached read or the model
      // build (which cannot stop half-way): the Worker is terminated below, so nothing runs on.
      const loading = engine.#abortable({ op: OP.load, data, plan, flags: flagsOf(controls) }, signal, { onProgress });
      engine.#info = await Promise.race([loading, aborted]);
      return engine;
    } catch (err) {
      engine.terminate();
      throw err;
    } finally {
      stopListening();
    }
  }

  /** As the module's answer: `data` crosses to the Worker, the signal and callbacks stay here. */
  answer(question, context, data, signal, onProgress, onPartial) {
    const flags = flagsOf({ signal, onProgress, onPartial });
    return this.#abortable({ op: OP.answer, args: [question, context, data, flags] }, signal, { onProgress, onPartial });
  }

  logits(batch, seq, inputIds, attentionMask, tokenTypeIds) {
    const args = [batch, seq, inputIds, attentionMask, tokenTypeIds];
    return this.#send({ op: OP.logits, args }, { transfer: args.slice(2).map((a) => a.buffer) }).done;
  }

  wasmMemoryBytes() {
    return this.#send({ op: OP.memoryBytes }).done;
  }

  /**
   * Test hook: stops the engine's Worker (or a pool Worker) with no word, as a browser kill does;
   * returns the name of the Web Lock it held, which the browser releases once it has really ended.
   */
  killForTests(onPool) {
    const w = onPool ? this.#pool[0] : this.#worker;
    w?.terminate();
    return this.#locks.get(w) ?? null;
  }

  panicForTests(onPool) {
    return this.#send({ op: OP.panicForTests, onPool }).done;
  }

  // The engine's info fields (protocol.js's INFO_FIELDS) as its Worker reported them after the
  // load; the detail says more than the Worker knows.
  get backendDetail() {
    return this.threads > 1 ? `${this.#info.backendDetail}, ${this.threads} threads in a worker` : this.#info.backendDetail;
  }
  get warnings() {
    return [...this.#info.warnings];
  }
  static {
    for (const k of INFO_FIELDS) {
      if (!(k in WorkerEngine.prototype)) Object.defineProperty(WorkerEngine.prototype, k, { get() { return this.#info[k]; } });
    }
  }

  /** Stops the worker and its pool now; pending calls reject with DISPOSED. */
  terminate() {
    this.#worker.terminate();
    for (const w of this.#pool) w.terminate();
    this.#failAll({ message: 'the engine was disposed', code: 'DISPOSED' });
  }

  /**
   * Frees the model after queued calls, then stops the worker and its pool. Always resolves: a
   * worker that is dead, or does not answer within DISPOSE_TIMEOUT_MS, is stopped all the same.
   */
  async dispose() {
    let timer;
    try {
      await Promise.race([
        this.#send({ op: OP.dispose }).done,
        new Promise((resolve) => (timer = setTimeout(resolve, DISPOSE_TIMEOUT_MS))),
      ]);
    } catch {
      // Already gone (a trap, or terminated): nothing left to free.
    } finally {
      clearTimeout(timer);
      this.terminate();
    }
  }
}

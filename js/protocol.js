// What the page (index.js, worker_engine.js) and the engine's Worker (worker.js) agree on: the engine's
// info fields, the messages between them, and how an error crosses postMessage. Written once here.
//
// Page → Worker, one message per call: `{ id, op, ...fields }` with `op` one of OP. An abort is
// `{ id: -1, op: 'abort', target }`, the id of the call to abort; it gets no answer.
// Worker → page:
//   `{ id, value }`    the call's result (ends the call)
//   `{ id, error }`    its error as `{ message, code }` (ends the call)
//   `{ id, progress }` / `{ id, partial }`: the call's onProgress / onPartial, as often as they fire
//   `{ fatal }`        an error as `{ message, code }`: the module trapped, every call fails.
// Functions and an AbortSignal cannot be cloned: the page sends flags in their place (flagsOf)
// and the Worker puts its own in (controlsFor).

/** The calls the Worker serves. */
export const OP = Object.freeze({
  start: 'start', // { kind: 'page' | 'webgpu' | 'threads', threads, module }: instantiate the module;
  // for 'threads' the value is { memory, handle }, for the page's pool Workers (js/pool.js)
  buildPool: 'buildPool', // every pool Worker is waiting: make them rayon's pool
  load: 'load', // { data, plan, flags }: load a bundle; the value is the engine's info (infoOf)
  answer: 'answer', // { args: [question, context, data, flags] }
  logits: 'logits', // { args: [batch, seq, inputIds, attentionMask, tokenTypeIds] }
  memoryBytes: 'memoryBytes', // the module's wasm memory bytes
  abort: 'abort', // { target }
  panicForTests: 'panicForTests', // { onPool }: a forced panic, on a pool thread where asked
  dispose: 'dispose',
});

/** The calls that need a loaded engine (DISPOSED without one). */
export const ENGINE_OPS = Object.freeze([OP.answer, OP.logits, OP.panicForTests]);

/**
 * What a loaded engine tells about itself, as the Rust engine's getters name it and as QaEngine
 * exposes it (documented in index.d.ts).
 */
export const INFO_FIELDS = Object.freeze(['backend', 'backendDetail', 'backendReason', 'warnings', 'fromCache', 'modelName', 'precision', 'compute']);

/** An engine's info fields as a plain object, which postMessage can clone. */
export const infoOf = (engine) => Object.fromEntries(INFO_FIELDS.map((k) => [k, engine[k]]));

/** The controls of a load or an answer that stay on the page, each with the message key its calls use. */
const CALLBACKS = Object.freeze({ onProgress: 'progress', onPartial: 'partial' });

/** The controls each call takes: a load reports progress, an answer also partial answers. */
export const CONTROLS = Object.freeze({ load: ['signal', 'onProgress'], answer: ['signal', 'onProgress', 'onPartial'] });

/**
 * A call's options (a plain copy, read once) split into the data the wasm module reads and the
 * call's controls (CONTROLS[op]), which stay with whoever runs the call. Keys set to `undefined`
 * are dropped: they mean the default, as an absent key does. Anything but an object is passed on
 * as the data, for the module to refuse by name.
 */
export function splitOptions(options, op) {
  if (options === null || typeof options !== 'object') return [options, {}];
  const data = {};
  const controls = {};
  for (const [k, v] of Object.entries(options)) {
    if (CONTROLS[op].includes(k)) controls[k] = v;
    else if (v !== undefined) data[k] = v;
  }
  return [data, controls];
}

/** What crosses postMessage in place of the controls: whether each was given. */
export const flagsOf = (controls) => Object.fromEntries(Object.entries(controls).map(([k, v]) => [k, v != null]));

/**
 * The Worker's side of `flagsOf`: its own `signal` where the page gave one, and callbacks that post
 * `{ id, progress }` or `{ id, partial }` through `post`.
 */
export function controlsFor(flags, id, signal, post) {
  const out = { signal: flags.signal ? signal : undefined };
  for (const [k, key] of Object.entries(CALLBACKS)) out[k] = flags[k] ? (x) => post({ id, [key]: x }) : undefined;
  return out;
}

/** The page's callback for a `{ id, progress }` or `{ id, partial }` message: [name, value], or null. */
export function callbackOf(data) {
  for (const [k, key] of Object.entries(CALLBACKS)) if (key in data) return [k, data[key]];
  return null;
}

/** The INVALID_OPTIONS error for a signal or callback of the wrong type, or null. */
export function checkControls({ signal, onProgress, onPartial }) {
  const bad = (m) => coded({ message: m, code: 'INVALID_OPTIONS' });
  if (signal != null && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) return bad('`signal` must be an AbortSignal');
  if (onProgress != null && typeof onProgress !== 'function') return bad('`onProgress` must be a function');
  if (onPartial != null && typeof onPartial !== 'function') return bad('`onPartial` must be a function');
  return null;
}

/** An Error with a `code`, from its form across postMessage (`{ message, code }`). */
export const coded = ({ message, code }) => Object.assign(new Error(message), { code });

/** Our codes are upper-case words (`INVALID_INPUT`); a DOMException's numeric `code` is not one. */
export const hasCode = (err) => !!err && typeof err === 'object' && typeof err.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(err.code);

/** A trap of the wasm module (a Rust panic: the modules are built with panic=abort): its state is gone. */
export const isTrap = (err) => typeof WebAssembly === 'object' && err instanceof WebAssembly.RuntimeError;

/** The error of a module or Worker that is gone: every call fails with it. */
export const trapError = (message) => ({ message: `internal error: ${message}`, code: 'INTERNAL_ERROR' });

/**
 * How an error crosses postMessage: `{ message, code }`. An error with our code (the Rust facade's,
 * or ours) keeps it; a trap is INTERNAL_ERROR, with the module's last panic message where it has
 * one. Anything else was thrown by JavaScript around the call, before or after the module: reading
 * or converting the caller's arguments (a getter that throws, a revoked Proxy, a value that cannot
 * be cloned to the Worker), or the browser. The engine is intact: INVALID_INPUT, with the cause.
 */
export function serializeError(err, lastPanic) {
  if (hasCode(err)) return { message: err.message, code: err.code };
  if (isTrap(err)) return trapError(lastPanic || err.message);
  const what = err && typeof err === 'object' ? `${err.name ?? 'Error'}: ${err.message ?? ''}` : String(err);
  return { message: `the arguments could not be read or passed on (${what})`, code: 'INVALID_INPUT' };
}

// A Worker that the browser kills (out of memory, a crashed process) or that stops without a word
// fires no event on the page, and a call waiting on it would wait for ever. So each of our Workers
// holds a Web Lock for its life, and the page asks for the same lock: granted only once that
// Worker is gone. No heartbeat, so a long forward is never taken for a death. Without the Locks
// API (an insecure page) nothing is held and nothing watched.

/** A fresh lock name for one Worker. */
export const lifeLock = () => `korean-qa-worker-${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)}`;

/** In a Worker: resolves once this Worker holds lock `name`, which it keeps until it ends. */
export function holdForLife(name) {
  const locks = globalThis.navigator?.locks;
  if (!locks || !name) return Promise.resolve();
  return new Promise((held) => {
    locks.request(name, () => (held(), new Promise(() => {}))).catch(() => held());
  });
}

/** On the page: `gone()` runs once the Worker holding lock `name` (holdForLife) has ended. */
export function whenGone(name, gone) {
  globalThis.navigator?.locks?.request(name, () => gone()).catch(() => {});
}

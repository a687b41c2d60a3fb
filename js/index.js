// korean-qa: the package's entry point. It initialises the wasm module once, and turns a Rust
// panic (a wasm trap) into an Error with a `code`; everything else is the Rust facade's.
import init, { QaEngine as RawEngine, lastPanic } from './korean_qa.js';

let ready;
function ensureInit(wasmUrl) {
  ready ??= init(wasmUrl ? { module_or_path: wasmUrl } : undefined);
  return ready;
}

function coded(err) {
  if (err && typeof err === 'object' && 'code' in err) return err;
  const panic = lastPanic();
  const e = new Error(panic ? `internal error: ${panic}` : `internal error: ${err?.message ?? err}`);
  e.code = 'INTERNAL_ERROR';
  e.cause = err;
  return e;
}

/**
 * Korean extractive question answering in the browser.
 *
 * @example
 * import { QaEngine } from 'korean-qa';
 * const qa = await QaEngine.load({ model: 'https://example.com/koelectra-bundle/' });
 * const [best] = await qa.answer('훈민정음은 언제 반포되었나?', '훈민정음은 1446년에 반포되었다.');
 * // best → { text: '1446년', start: 7, end: 12, score: 0.97, startProb: …, endProb: … } (real model)
 */
export class QaEngine {
  #raw;
  #broken = null;

  /** @private */
  constructor(raw) {
    this.#raw = raw;
  }

  /**
   * Fetches (or reads from IndexedDB), verifies and loads a model bundle.
   * @param {import('./index').LoadOptions} [options]
   * @returns {Promise<QaEngine>}
   */
  static async load(options = {}) {
    await ensureInit(options?.wasmUrl);
    const { wasmUrl, ...rest } = options ?? {};
    try {
      return new QaEngine(await RawEngine.load(rest));
    } catch (err) {
      throw coded(err);
    }
  }

  /** Deletes every cached bundle file from IndexedDB. */
  static async clearCache() {
    await ensureInit();
    try {
      await RawEngine.clearCache();
    } catch (err) {
      throw coded(err);
    }
  }

  async #call(f) {
    if (this.#broken) throw this.#broken;
    try {
      return await f(this.#raw);
    } catch (err) {
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
    return this.#call((raw) => raw.answer(question, context, options));
  }

  /** Raw start/end logits for `[batch, seq]` int inputs; for parity checks. */
  logits(batch, seq, inputIds, attentionMask, tokenTypeIds) {
    return this.#call((raw) =>
      raw.logits(batch, seq, Int32Array.from(inputIds), Int32Array.from(attentionMask), Int32Array.from(tokenTypeIds)),
    );
  }

  /** @returns {'webgpu' | 'cpu'} */
  get backend() {
    return this.#raw.backend;
  }
  get backendDetail() {
    return this.#raw.backendDetail;
  }
  get fromCache() {
    return this.#raw.fromCache;
  }
  get modelName() {
    return this.#raw.modelName;
  }
  /** The bundle's weights precision: 'fp32', 'fp16' or 'int8'. */
  get precision() {
    return this.#raw.precision;
  }

  async dispose() {
    if (this.#broken) return;
    await this.#raw.dispose();
  }
}

export default QaEngine;

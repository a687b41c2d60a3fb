// The public typings. The data types (the options the wasm module reads, the answers, the
// progress records, the error codes) are generated from the Rust structs by tsify, in
// korean_qa.d.ts; this file adds only what is JavaScript's own: the class, the options the load
// plan reads (js/plan.js), the callbacks and the AbortSignal.
import type { Answer, AnswerProgress, Compute, ErrorCode, ModelOptions, Precision, Progress, QaOptions } from './korean_qa.js';

export type { Answer, AnswerProgress, Compute, ErrorCode, ModelOptions, Precision, Progress, QaOptions };

/** The published model: `'hf:monologg/koelectra-small-v2-distilled-korquad-384'`. */
export declare const DEFAULT_MODEL: string;

/** `QaEngine.load`'s options: the model options, and how and where the engine runs. */
export interface LoadOptions extends ModelOptions {
  /** [backend='auto'] 'auto' tries WebGPU, then falls back to the CPU. */
  backend?: 'auto' | 'webgpu' | 'cpu';
  onProgress?: (p: Progress) => void;
  /** Aborting rejects the load with code 'ABORTED' and caches nothing partial. */
  signal?: AbortSignal;
  /** Where the CPU module korean_qa_bg.wasm (or its relaxed build) lives, when bundlers move it. Overrides `simd`. */
  wasmUrl?: string | URL;
  /**
   * Where webgpu/korean_qa_bg.wasm lives, when bundlers move it. The WebGPU module is fetched only
   * for `backend: 'webgpu'`, or `'auto'` where the browser has a hardware WebGPU adapter.
   */
  webgpuWasmUrl?: string | URL;
  /**
   * [simd='auto'] which build of the CPU modules to run: 'relaxed' (f32x4.relaxed_madd kernels, about
   * 10 % faster), 'baseline' (SIMD128 only), or 'auto' (relaxed where the browser validates it). The
   * WebGPU module has the baseline build only. On the page's own thread (no Workers) the first load
   * picks the build.
   */
  simd?: 'auto' | 'relaxed' | 'baseline';
  /**
   * [threads='auto'] CPU threads. Every engine runs in its own Web Worker; more than 1 thread runs
   * the threaded module there (a rayon pool of workers), which needs a cross-origin isolated page
   * (COOP/COEP headers). 'auto' takes every core (at most 8) when the page is isolated and WebGPU will not be
   * used, else 1; an explicit count that cannot be honoured rejects (BACKEND_UNAVAILABLE or
   * INVALID_OPTIONS).
   */
  threads?: 'auto' | number;
}

/** `answer()`'s options: how it reads and ranks, and the call's controls. */
export interface AnswerOptions extends QaOptions {
  /** Aborting rejects the answer with code 'ABORTED' between two batches of windows; the engine stays usable. */
  signal?: AbortSignal;
  /** Called after each batch of windows. */
  onProgress?: (p: AnswerProgress) => void;
  /** Called after each batch of windows with the best answers so far; the last call equals the result. */
  onPartial?: (answers: Answer[]) => void;
}

/** Every rejection is an Error with one of the `ErrorCode`s. */
export interface QaError extends Error {
  code: ErrorCode;
}

export declare class QaEngine {
  private constructor();
  static load(options?: LoadOptions): Promise<QaEngine>;
  /** Deletes every cached bundle; `options` pick the wasm build when this is the page's first call. */
  static clearCache(options?: Pick<LoadOptions, 'wasmUrl' | 'simd'>): Promise<void>;
  answer(question: string, context: string, options?: AnswerOptions): Promise<Answer[]>;
  logits(
    batch: number,
    seq: number,
    inputIds: ArrayLike<number>,
    attentionMask: ArrayLike<number>,
    tokenTypeIds: ArrayLike<number>,
  ): Promise<{ start: Float32Array; end: Float32Array }>;
  /** Bytes of wasm memory held by the module running this engine (the page's or its worker's). */
  wasmMemoryBytes(): Promise<number>;
  readonly backend: 'webgpu' | 'cpu';
  readonly backendDetail: string;
  /**
   * Why this backend. `backend: 'auto'` never takes a software WebGPU adapter, and otherwise times
   * one warm forward on WebGPU and on the CPU and keeps the faster, remembering the result per
   * adapter and bundle in IndexedDB. E.g. 'cpu: software WebGPU adapter skipped (google swiftshader)',
   * 'webgpu (nvidia ampere): 9 ms vs cpu 140 ms, measured now'.
   */
  readonly backendReason: string;
  /**
   * What the caller should know beside the backend, also the tail of `backendReason`: e.g. that
   * the weights had no hash to check them against, or that IndexedDB was unavailable and the model
   * is not cached. Empty when there is nothing to say.
   */
  readonly warnings: string[];
  readonly fromCache: boolean;
  readonly modelName: string;
  /** The wasm build this engine runs ('custom' when `wasmUrl` named it; 'baseline' on the WebGPU module). */
  readonly simd: 'relaxed' | 'baseline' | 'custom';
  /** CPU threads: 1 on the page's module, more when the engine runs in the threaded Worker. */
  readonly threads: number;
  /** Weights precision of the bundle. */
  readonly precision: Precision;
  /** The Linear layers' arithmetic as loaded: 'int8' or 'fp32' (see the `compute` option). */
  readonly compute: Exclude<Compute, 'auto'>;
  dispose(): Promise<void>;
}
/** Whether this browser validates relaxed SIMD, which `simd: 'auto'` chooses by. */
export declare function hasRelaxedSimd(): boolean;

export default QaEngine;

/** Progress of one bundle file. `cached` is true when it came from IndexedDB. */
export interface Progress {
  file: string;
  loaded: number;
  total: number;
  cached: boolean;
}

/** The published model: `'hf:monologg/koelectra-small-v2-distilled-korquad-384'`. */
export declare const DEFAULT_MODEL: string;

export interface LoadOptions {
  /**
   * [model=DEFAULT_MODEL] a Hugging Face hub repository, `'hf:OWNER/NAME[@REVISION]'` (its checkpoint is
   * fetched once, converted in the engine's Worker to `precision` and cached in IndexedDB), or the URL
   * of a bundle directory (holding manifest.json), resolved against the page (`document.baseURI`).
   */
  model?: string;
  /** [hubUrl='https://huggingface.co'] the hub, or a mirror of it, that `hf:` models come from. */
  hubUrl?: string | URL;
  /** [precision='int8'] what an `hf:` model is converted to: 'int8' (14 MB), 'fp16' or 'fp32' (55 MB). A bundle keeps its own. */
  precision?: 'int8' | 'fp16' | 'fp32';
  /** The SHA-256 an `hf:` model's weights file must have (64 hex digits); by default the hub's own is checked. */
  sha256?: string;
  /** [backend='auto'] 'auto' tries WebGPU, then falls back to the CPU. */
  backend?: 'auto' | 'webgpu' | 'cpu';
  /** [cache=true] keep verified weights in IndexedDB, keyed by SHA-256. */
  cache?: boolean;
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
  /**
   * [compute='auto'] the Linear layers' arithmetic: 'auto' runs int8 × int8 products for an int8
   * bundle on the CPU backend and fp32 everywhere else; 'fp32' always widens the weights; 'int8'
   * asks for int8 products, which picks the CPU backend and rejects with INVALID_OPTIONS for a
   * bundle that is not int8 or with `backend: 'webgpu'` (docs/int8.md).
   */
  compute?: 'auto' | 'fp32' | 'int8';
}

export interface AnswerOptions {
  /** [topK=1] answers returned, best first (at most 100). */
  topK?: number;
  /** [maxAnswerLen=30] longest answer, in tokens (at most 512). */
  maxAnswerLen?: number;
  /** [docStride=128] tokens shared by consecutive windows of a long context. */
  docStride?: number;
  /** [maxSeqLen=384] tokens per window, at most 512. */
  maxSeqLen?: number;
  /** [maxQuestionLen=64] the question is cut to this many tokens (at most maxSeqLen - 4). */
  maxQuestionLen?: number;
  /** answers scoring below are dropped. */
  minScore?: number;
  /** [maxContextChars=1000000] longer contexts are refused with INVALID_INPUT (at most 10000000). */
  maxContextChars?: number;
  /**
   * [maxWindows=6] windows of a long context that are read at most, best-ranked first (BM25 of the
   * question against each window).
   */
  maxWindows?: number;
  /** [minWindows=4] windows read at least; a context with no more windows than this is read whole. */
  minWindows?: number;
  /**
   * [rankRatio=0.5] past `minWindows`, a window is read only if its BM25 score is at least this share
   * of the best window's (0 reads up to `maxWindows`).
   */
  rankRatio?: number;
  /** [exhaustive=false] read every window of the context, whatever `maxWindows` says. */
  exhaustive?: boolean;
  /** Aborting rejects the answer with code 'ABORTED' between two batches of windows; the engine stays usable. */
  signal?: AbortSignal;
  /** Called after each batch of windows. */
  onProgress?: (p: AnswerProgress) => void;
  /** Called after each batch of windows with the best answers so far; the last call equals the result. */
  onPartial?: (answers: Answer[]) => void;
}

/** How far one answer() has read. */
export interface AnswerProgress {
  /** Windows read so far. */
  read: number;
  /** Windows that will be read in all (at most `maxWindows` unless `exhaustive`). */
  total: number;
  /** Windows in the context. */
  windows: number;
}

export interface Answer {
  /** Exactly `context.slice(start, end)`. */
  text: string;
  /** UTF-16 code-unit offsets into the context string. */
  start: number;
  end: number;
  score: number;
  startProb: number;
  endProb: number;
}

/** Every rejection is an Error with one of these codes. */
export type ErrorCode =
  | 'MODEL_FETCH_FAILED'
  | 'INTEGRITY_MISMATCH'
  | 'INVALID_INPUT'
  | 'INVALID_OPTIONS'
  | 'TOKENIZER_ERROR'
  | 'INVALID_BUNDLE'
  | 'GRAPH_MISMATCH'
  | 'VOCAB_MISMATCH'
  | 'WEIGHTS_INVALID'
  | 'BACKEND_UNAVAILABLE'
  | 'ABORTED'
  | 'DISPOSED'
  | 'INFERENCE_FAILED'
  | 'INTERNAL_ERROR';

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
  readonly precision: 'fp32' | 'fp16' | 'int8';
  /** The Linear layers' arithmetic as loaded: 'int8' or 'fp32' (see the `compute` option). */
  readonly compute: 'int8' | 'fp32';
  dispose(): Promise<void>;
}
/** Whether this browser validates relaxed SIMD, which `simd: 'auto'` chooses by. */
export declare function hasRelaxedSimd(): boolean;

export default QaEngine;

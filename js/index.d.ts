/** Progress of one bundle file. `cached` is true when it came from IndexedDB. */
export interface Progress {
  file: string;
  loaded: number;
  total: number;
  cached: boolean;
}

export interface LoadOptions {
  /** URL of the model bundle directory (holding manifest.json). Default: 'model/' (relative to the page). */
  model?: string;
  /** [backend='auto'] 'auto' tries WebGPU, then falls back to the CPU. */
  backend?: 'auto' | 'webgpu' | 'cpu';
  /** [cache=true] keep verified weights in IndexedDB, keyed by SHA-256. */
  cache?: boolean;
  onProgress?: (p: Progress) => void;
  /** Aborting rejects the load with code 'ABORTED' and caches nothing partial. */
  signal?: AbortSignal;
  /** Where korean_qa_bg.wasm lives, when bundlers move it. Overrides `simd`. */
  wasmUrl?: string | URL;
  /**
   * [simd='auto'] which wasm build to run: 'relaxed' (f32x4.relaxed_madd kernels, about 10 % faster
   * on the CPU backend), 'baseline' (SIMD128 only), or 'auto' (relaxed where the browser validates it).
   * One build per page: the first load picks it.
   */
  simd?: 'auto' | 'relaxed' | 'baseline';
  /**
   * [threads='auto'] CPU threads. More than 1 runs the engine in a Web Worker on the threaded
   * module (SIMD128, a rayon pool of workers), which needs a cross-origin isolated page (COOP/COEP
   * headers). 'auto' takes every core (at most 8) when the page is isolated and WebGPU will not be
   * used, else 1; an explicit count that cannot be honoured rejects (BACKEND_UNAVAILABLE or
   * INVALID_OPTIONS).
   */
  threads?: 'auto' | number;
  /** [cpuKernel='flex'] the CPU kernel library; 'ndarray' exists only in comparison builds (web-ndarray). */
  cpuKernel?: 'flex' | 'ndarray';
}

export interface AnswerOptions {
  /** [topK=1] answers returned, best first. */
  topK?: number;
  /** [maxAnswerLen=30] longest answer, in tokens. */
  maxAnswerLen?: number;
  /** [docStride=128] tokens shared by consecutive windows of a long context. */
  docStride?: number;
  /** [maxSeqLen=384] tokens per window, at most 512. */
  maxSeqLen?: number;
  /** [maxQuestionLen=64] the question is cut to this many tokens. */
  maxQuestionLen?: number;
  /** answers scoring below are dropped. */
  minScore?: number;
  /** [maxContextChars=100000] longer contexts are refused with INVALID_INPUT. */
  maxContextChars?: number;
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
  readonly fromCache: boolean;
  readonly modelName: string;
  /** The wasm build this engine runs ('custom' when `wasmUrl` named it; 'baseline' when threaded). */
  readonly simd: 'relaxed' | 'baseline' | 'custom';
  /** CPU threads: 1 on the page's module, more when the engine runs in the threaded Worker. */
  readonly threads: number;
  /** Weights precision of the bundle; every variant computes in fp32 once loaded. */
  readonly precision: 'fp32' | 'fp16' | 'int8';
  dispose(): Promise<void>;
}
/** Whether this browser validates relaxed SIMD, which `simd: 'auto'` chooses by. */
export declare function hasRelaxedSimd(): boolean;

export default QaEngine;

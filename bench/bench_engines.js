// Runs inside the bench page: one engine per call, the same token windows for both engines.
// Timing: 3 warm-up forwards, then `runs` timed ones; a forward includes uploading the ids and
// reading the logits back into JS, on both sides. Ours also times whole questions (tokenize,
// forward, decode, answers into JS), each right after the forward of the same window.
import { QaEngine } from '/pkg/index.js';

export const summary = (times) => {
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
};

export async function timed(n, f) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    times.push(performance.now() - t);
  }
  return times;
}

const deleteDb = (name) =>
  new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = resolve;
    req.onerror = () => reject(req.error);
  });

/** Our package: cold load (empty IndexedDB), cached load, forward latency, and whole questions. */
export async function koreanQa({ backend, simd, threads, inputs, runs, warmup, model }) {
  // An empty IndexedDB; the cold load then fetches and compiles the one wasm module it runs
  // (counted, as ORT-web's is), and the page fetches nothing else: what a visitor downloads.
  await deleteDb('korean-qa');
  let t = performance.now();
  let qa = await QaEngine.load({ model, backend, simd, threads });
  const coldLoad = performance.now() - t;
  const detail = qa.backendDetail;
  const module = qa.simd;
  await qa.dispose();
  t = performance.now();
  qa = await QaEngine.load({ model, backend, simd, threads });
  const cachedLoad = performance.now() - t;
  if (!qa.fromCache) throw new Error('second load did not come from IndexedDB');

  const forward = (i) => {
    const x = inputs[i % inputs.length];
    return qa.logits(1, x.input_ids.length, x.input_ids, x.input_ids.map(() => 1), x.token_type_ids);
  };
  const ask = (i) => qa.answer(inputs[i % inputs.length].question, inputs[i % inputs.length].context, { topK: 1 });
  await timed(warmup, forward);
  await timed(1, ask);
  // A forward and a whole question (the same window) alternate, so that a change in the machine's
  // load between them (another process starting) reaches both alike.
  const fwd = [];
  const questions = [];
  for (let i = 0; i < runs; i++) {
    fwd.push(...(await timed(1, () => forward(i))));
    questions.push(...(await timed(1, () => ask(i))));
  }
  const wasmMemory = await qa.wasmMemoryBytes();
  const used = qa.threads;
  await qa.dispose();
  if (used !== threads) throw new Error(`asked for ${threads} threads, ran ${used}`);
  // From the engine: a threaded engine's memory is its Worker's, which the page's hook cannot see.
  return { detail, simd: module, threads: used, coldLoad, cachedLoad, forward: summary(fwd), question: summary(questions), wasmMemory };
}

/**
 * onnxruntime-web on the same model.onnx. Like transformers.js, it keeps the model bytes in the
 * Cache API; "cached load" creates a second session from there.
 */
export async function ortWeb({ ep, threads, inputs, runs, warmup, modelUrl }) {
  // The lean build a user would pick for each execution provider.
  const ort = await import(ep === 'webgpu' ? '/ort/ort.webgpu.bundle.min.mjs' : '/ort/ort.wasm.bundle.min.mjs');
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  const options = { executionProviders: [ep], graphOptimizationLevel: 'all' };
  await caches.delete('bench-ort');

  let t = performance.now();
  const cache = await caches.open('bench-ort');
  const res = await fetch(modelUrl);
  if (!res.ok) throw new Error(`${modelUrl}: HTTP ${res.status}`);
  await cache.put(modelUrl, res.clone());
  let session = await ort.InferenceSession.create(new Uint8Array(await res.arrayBuffer()), options);
  const coldLoad = performance.now() - t;
  await session.release();
  t = performance.now();
  const bytes = await (await cache.match(modelUrl)).arrayBuffer();
  session = await ort.InferenceSession.create(new Uint8Array(bytes), options);
  const cachedLoad = performance.now() - t;

  const i64 = (a) => new ort.Tensor('int64', BigInt64Array.from(a, BigInt), [1, a.length]);
  const feeds = inputs.map((x) => ({
    input_ids: i64(x.input_ids),
    attention_mask: i64(x.input_ids.map(() => 1)),
    token_type_ids: i64(x.token_type_ids),
  }));
  const forward = async (i) => {
    const out = await session.run(feeds[i % feeds.length]);
    // Read back like our package does (WebGPU outputs land on the CPU by default).
    return [out.start_logits.data, out.end_logits.data];
  };
  await timed(warmup, forward);
  const fwd = await timed(runs, forward);
  await session.release();
  await caches.delete('bench-ort');
  return { detail: `${ep}`, threads: ort.env.wasm.numThreads, coldLoad, cachedLoad, forward: summary(fwd) };
}

/** The .wasm files this page fetched (our module or ORT's). */
export function wasmFetched() {
  return [...new Set(performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')))];
}

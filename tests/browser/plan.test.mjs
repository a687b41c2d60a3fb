// The load plan (js/plan.js), in Node: every combination of the browser's facts and the caller's
// options, each checked against rules written here without the plan's code, plus a table of
// exact plans for the cases a reader asks about first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL, describeAdapter, needsGpu, resolvePlan } from '../../js/plan.js';

const HARDWARE = Object.freeze({ name: 'nvidia ampere', software: false });
const SOFTWARE = Object.freeze({ name: 'google swiftshader', software: true });
const BASE = 'https://example.org/app/page.html';

const product = (axes) =>
  Object.entries(axes).reduce((rows, [k, values]) => rows.flatMap((row) => values.map((v) => (v === undefined ? { ...row } : { ...row, [k]: v }))), [{}]);

const FACTS = product({ isolated: [false, true], gpu: [null, HARDWARE, SOFTWARE], relaxedSimd: [false, true], workers: [true, false] }).map((f) =>
  Object.freeze({ ...f, cores: 4, base: BASE }),
);
const OPTIONS = product({
  backend: [undefined, 'auto', 'webgpu', 'cpu'],
  threads: [undefined, 'auto', 1, 2],
  simd: [undefined, 'relaxed', 'baseline'],
  compute: [undefined, 'int8', 'fp32'],
  wasmUrl: [undefined, 'custom/korean_qa_bg.wasm'],
});

/** What the plan must be, or the code it must throw, derived from the documented rules. */
function expected(o, f) {
  const backend = o.backend ?? 'auto';
  const threads = o.threads ?? 'auto';
  const simd = o.simd ?? 'auto';
  const explicitThreads = threads !== 'auto' && threads !== 1;
  if (simd === 'relaxed' && !f.relaxedSimd) return { throws: 'BACKEND_UNAVAILABLE' };
  if (backend === 'webgpu') {
    if (explicitThreads) return { throws: 'INVALID_OPTIONS' };
    if (o.compute === 'int8') return { throws: 'INVALID_OPTIONS' };
    if (!f.gpu) return { throws: 'BACKEND_UNAVAILABLE' };
  }
  let chosen;
  if (backend === 'cpu') chosen = 'cpu';
  else if (backend === 'webgpu') chosen = 'webgpu';
  else if (o.compute === 'int8' || explicitThreads || !f.gpu || f.gpu.software) chosen = 'cpu';
  else chosen = 'measure';
  const gpuModule = chosen !== 'cpu';
  const canThread = f.isolated && f.workers && !o.wasmUrl;
  if (!gpuModule && explicitThreads && !canThread) return { throws: o.wasmUrl ? 'INVALID_OPTIONS' : 'BACKEND_UNAVAILABLE' };
  const module = gpuModule ? 'webgpu' : threads !== 1 && canThread ? 'threads' : 'page';
  return {
    backend: chosen,
    module,
    threads: module === 'threads' ? (threads === 'auto' ? f.cores : threads) : 1,
    simd: module !== 'threads' && module === 'page' && o.wasmUrl ? 'custom' : module === 'webgpu' ? 'baseline' : simd === 'auto' ? (f.relaxedSimd ? 'relaxed' : 'baseline') : simd,
  };
}

function deepFrozen(x) {
  return x === null || typeof x !== 'object' || (Object.isFrozen(x) && Object.values(x).every(deepFrozen));
}

test('every combination of facts and options plans as the rules say, or is refused with their code', () => {
  let n = 0;
  for (const f of FACTS) {
    for (const o of OPTIONS) {
      const want = expected(o, f);
      const facts = needsGpu(o) ? f : { ...f, gpu: undefined }; // the adapter is asked for only where a plan needs it
      const what = JSON.stringify({ o, f });
      if (want.throws) {
        assert.throws(() => resolvePlan(o, facts), (e) => e.code === want.throws, what);
        continue;
      }
      const plan = resolvePlan(o, facts);
      n++;
      assert.deepEqual({ backend: plan.backend, module: plan.module, threads: plan.threads, simd: plan.simd }, want, what);
      assert.ok(deepFrozen(plan), what);
      assert.equal(plan.worker, f.workers, what);
      assert.equal(plan.source, 'hub', what);
      assert.equal(plan.model, DEFAULT_MODEL, what);
      assert.equal(plan.compute, o.compute ?? 'auto', what);
      assert.ok(typeof plan.reason === 'string' && plan.reason.length > 0, what);
      // The reason names the backend it explains, and a software adapter is never timed.
      assert.ok(plan.reason.startsWith(plan.backend === 'cpu' ? 'cpu' : 'webgpu'), `${plan.reason} for ${what}`);
      if (plan.backend !== 'cpu') assert.equal(plan.adapter, f.gpu, what);
      if (f.gpu?.software && (o.backend ?? 'auto') === 'auto') assert.equal(plan.backend, 'cpu', what);
      // The fallbacks: a pool under 'auto' falls back to one thread, any Worker to the page's thread.
      const chain = [];
      for (let p = plan.fallback; p; p = p.fallback) chain.push([p.module, p.threads, p.worker]);
      const inPage = [plan.module === 'threads' ? 'page' : plan.module, 1, false];
      const wantChain =
        plan.module === 'threads' ? ((o.threads ?? 'auto') === 'auto' ? [['page', 1, true], inPage] : []) : plan.worker ? [inPage] : [];
      assert.deepEqual(chain, wantChain, what);
      for (let p = plan.fallback; p; p = p.fallback) assert.equal(p.backend, plan.backend, what);
    }
  }
  assert.ok(n > 500, `${n} plans`);
});

test('the plans a reader asks about first, exactly', () => {
  const f = (over = {}) => Object.freeze({ isolated: false, cores: 12, relaxedSimd: true, workers: true, base: BASE, gpu: null, ...over });
  const pick = (p) => ({ module: p.module, threads: p.threads, simd: p.simd, backend: p.backend, reason: p.reason });
  const rows = [
    // Most visitors: no WebGPU adapter, not isolated.
    [{}, f(), { module: 'page', threads: 1, simd: 'relaxed', backend: 'cpu', reason: 'cpu: no WebGPU adapter' }],
    [{}, f({ gpu: SOFTWARE }), { module: 'page', threads: 1, simd: 'relaxed', backend: 'cpu', reason: 'cpu: software WebGPU adapter skipped (google swiftshader)' }],
    [{}, f({ gpu: HARDWARE }), { module: 'webgpu', threads: 1, simd: 'baseline', backend: 'measure', reason: 'webgpu (nvidia ampere) to be timed against the cpu' }],
    // Isolated: every core, at most 8.
    [{}, f({ isolated: true }), { module: 'threads', threads: 8, simd: 'relaxed', backend: 'cpu', reason: 'cpu: no WebGPU adapter' }],
    [{ threads: 3, simd: 'baseline' }, f({ isolated: true, gpu: HARDWARE }), { module: 'threads', threads: 3, simd: 'baseline', backend: 'cpu', reason: 'cpu: threads: 3 asked for' }],
    [{ compute: 'int8' }, f({ gpu: HARDWARE, relaxedSimd: false }), { module: 'page', threads: 1, simd: 'baseline', backend: 'cpu', reason: 'cpu: compute int8 asked for' }],
    [{ backend: 'webgpu' }, f({ gpu: SOFTWARE }), { module: 'webgpu', threads: 1, simd: 'baseline', backend: 'webgpu', reason: 'webgpu: asked for' }],
    [{ backend: 'cpu', wasmUrl: '/w.wasm' }, f({ isolated: true }), { module: 'page', threads: 1, simd: 'custom', backend: 'cpu', reason: 'cpu: asked for' }],
  ];
  for (const [o, facts, want] of rows) assert.deepEqual(pick(resolvePlan(o, facts)), want, JSON.stringify(o));
  const custom = resolvePlan({ backend: 'cpu', wasmUrl: '/w.wasm', model: '../bundle/', hubUrl: 'https://mirror.example/' }, f());
  assert.deepEqual([custom.source, custom.model, custom.url, custom.hubUrl], ['bundle', 'https://example.org/bundle/', 'https://example.org/w.wasm', 'https://mirror.example/']);
  assert.equal(resolvePlan({ model: 'hf:owner/name@main' }, f()).model, 'hf:owner/name@main');
  assert.equal(resolvePlan({ simd: 'relaxed' }, f({ relaxedSimd: true })).simdFallback, false, 'a named build never falls back');
  assert.equal(resolvePlan({}, f({ relaxedSimd: true })).simdFallback, true);
});

test('bad options are refused by name before anything is fetched', () => {
  const f = Object.freeze({ isolated: true, cores: 2, relaxedSimd: true, workers: true, base: BASE, gpu: null });
  const bad = [
    [{ backend: 'gpu' }, /`backend` must be 'auto', 'webgpu' or 'cpu'; got gpu/],
    [{ threads: 0 }, /threads must be 'auto' or an integer from 1 to 64; got 0/],
    [{ threads: 65 }, /got 65/],
    [{ threads: 1.5 }, /got 1\.5/],
    [{ threads: NaN }, /got NaN/],
    [{ threads: '2' }, /got 2/],
    [{ simd: 'fast' }, /simd must be one of auto, relaxed, baseline; got fast/],
    [{ model: 42 }, /`model` must be a URL \(a string\); got number/],
    [{ model: 'http://[' }, /`model` is not a valid URL/],
    [{ hubUrl: {} }, /`hubUrl` must be a URL/],
    [{ wasmUrl: '/w.wasm', threads: 2 }, /wasmUrl names a page module/],
    [{ backend: 'webgpu', threads: 2 }, /threads apply to the CPU backend/],
    [{ backend: Symbol('x') }, /got Symbol\(x\)/],
  ];
  for (const [o, message] of bad) assert.throws(() => resolvePlan(o, f), (e) => e.code === 'INVALID_OPTIONS' && message.test(e.message), String(message));
});

test('an adapter describes itself by its info, old and new browsers alike', () => {
  assert.deepEqual(describeAdapter({ info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } }), SOFTWARE);
  assert.deepEqual(describeAdapter({ info: {}, isFallbackAdapter: false }), { name: 'unnamed adapter', software: false });
  assert.deepEqual(describeAdapter({ isFallbackAdapter: true }), { name: 'unnamed adapter', software: true });
});

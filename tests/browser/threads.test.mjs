// The threaded module (pkg/threads/, a Worker with a rayon pool): same answers as the native CLI,
// the same errors and life cycle as the page's module, and the rules for when it runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PKG, assertSameAnswers, browserSample, harness, launch, nativeAnswers, startServer } from './common.mjs';

let isolated; // COOP/COEP: SharedArrayBuffer and wasm threads allowed
let plain;
let rows;
let native;

before(async () => {
  // The package without its threaded module, as a bundler that forgot threads/ would serve it.
  const partial = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-pkg-nothreads-'));
  for (const f of fs.readdirSync(PKG)) if (f !== 'threads') fs.symlinkSync(path.join(PKG, f), path.join(partial, f));
  // /stalled/: the package whose threaded module never finishes downloading.
  const stall = (req) => req.on('close', () => {});
  isolated = await startServer({ '/partial/': partial, '/stalled/': PKG }, { isolate: true, handlers: { '/stalled/threads/korean_qa_bg': stall } });
  plain = await startServer();
  rows = browserSample().filter((r, i) => i % 4 === 0 || r.id.includes('-long')).slice(0, 16);
  native = nativeAnswers(rows);
});
after(async () => {
  await isolated?.close();
  await plain?.close();
});

test('2 threads in a worker answer as the native CLI, both SIMD builds; logits match the one-thread module', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, isolated);
    const got = await page.evaluate(async (rows) => {
      const progress = [];
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, onProgress: (p) => progress.push(p) });
      const out = {};
      for (const r of rows) out[r.id] = await qa.answer(r.question, r.context, { topK: 3 });
      const ids = Array.from({ length: 384 }, (_, i) => (i * 7919) % 32000);
      const types = ids.map((_, i) => (i < 40 ? 0 : 1));
      const mask = ids.map(() => 1);
      const threaded = await qa.logits(1, 384, ids, mask, types);
      const info = { threads: qa.threads, simd: qa.simd, detail: qa.backendDetail, memory: await qa.wasmMemoryBytes() };
      await qa.dispose();
      // Each threaded engine has its own worker, so the plain SIMD128 build can run beside it.
      const plain = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, simd: 'baseline' });
      const baseline = await plain.logits(1, 384, ids, mask, types);
      const plainInfo = { threads: plain.threads, simd: plain.simd };
      await plain.dispose();
      const one = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 1 });
      const single = await one.logits(1, 384, ids, mask, types);
      const oneInfo = { threads: one.threads, simd: one.simd };
      await one.dispose();
      const maxDiff = (a, b) => {
        let d = 0;
        for (const k of ['start', 'end']) for (let i = 0; i < 384; i++) d = Math.max(d, Math.abs(a[k][i] - b[k][i]));
        return d;
      };
      const diff = maxDiff(threaded, single);
      const diffBaseline = maxDiff(baseline, single);
      return { out, info, oneInfo, plainInfo, diff, diffBaseline, progress, isolated: crossOriginIsolated };
    }, rows);
    assert.equal(got.isolated, true);
    assert.deepEqual([got.info.threads, got.info.simd], [2, 'relaxed']);
    assert.deepEqual(got.plainInfo, { threads: 2, simd: 'baseline' });
    assert.ok(got.diffBaseline > 0 && got.diffBaseline < 1e-4, `threaded SIMD128 vs one-thread relaxed: ${got.diffBaseline}`);
    assert.match(got.info.detail, /^cpu \(flex\), 2 threads in a worker$/);
    assert.ok(got.info.memory > 50e6, `worker wasm memory ${got.info.memory}`);
    assert.equal(got.oneInfo.threads, 1);
    assert.ok(got.progress.some((p) => p.file === 'model.bpk' && p.loaded === p.total && p.total > 0), 'progress reached the page');
    assert.ok(got.diff < 1e-4, `threaded vs one-thread logits differ by ${got.diff}`);
    assert.ok(rows.filter((r) => r.id.includes('-long')).length >= 5, 'multi-window contexts');
    for (const r of rows) assertSameAnswers(got.out[r.id], native[r.id], { label: r.id, context: r.context });
  } finally {
    await ctx.close();
  }
});

test('threaded engine: coded errors cross the worker, it stays usable, aborts and dispose; one module fetch', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, isolated);
    isolated.reset();
    const got = await page.evaluate(async (r) => {
      const code = (p) => p.then(() => 'resolved', (e) => `${e.constructor.name}:${e.code}`);
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, cache: false });
      const errors = {
        empty: await code(qa.answer('', r.context)),
        option: await code(qa.answer(r.question, r.context, { top_k: 2 })),
        notString: await code(qa.answer(r.question, 42)),
        huge: await code(qa.answer(r.question, '가'.repeat(1_000_001))),
      };
      // Overlapping calls are queued in the worker and give the sequential results.
      const [a, b] = await Promise.all([qa.answer(r.question, r.context), qa.answer(r.question, r.context)]);
      const after = await qa.answer(r.question, r.context);
      const same = JSON.stringify(a) === JSON.stringify(after) && JSON.stringify(b) === JSON.stringify(after);
      await qa.dispose();
      const disposed = await code(qa.answer(r.question, r.context));
      const ctl = new AbortController();
      const aborted = code(QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, cache: false, signal: ctl.signal, onProgress: () => ctl.abort() }));
      const missing = await code(QaEngine.load({ model: '/nowhere/', backend: 'cpu', threads: 2 }));
      const url = await QaEngine.load({ model: new URL('/bundle/', location.href), backend: 'cpu', threads: 2 });
      const urlModel = url.modelName;
      await url.dispose();
      const uncloneable = await code(QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, extra: () => 1 }));
      return { errors, same, disposed, aborted: await aborted, missing, urlModel, uncloneable };
    }, rows[0]);
    assert.deepEqual(got.errors, {
      empty: 'Error:INVALID_INPUT',
      option: 'Error:INVALID_OPTIONS',
      notString: 'Error:INVALID_INPUT',
      huge: 'Error:INVALID_INPUT',
    });
    assert.equal(got.same, true);
    assert.equal(got.disposed, 'Error:DISPOSED');
    assert.equal(got.aborted, 'Error:ABORTED');
    assert.equal(got.missing, 'Error:MODEL_FETCH_FAILED');
    assert.ok(got.urlModel, 'a URL object names the bundle as a string would');
    assert.equal(got.uncloneable, 'Error:INVALID_OPTIONS', 'a function cannot cross to the worker');
    // Five threaded loads on this page, one download and compile of the module.
    assert.equal(isolated.count('/pkg/threads/korean_qa_bg.relaxed.wasm'), 1);
  } finally {
    await ctx.close();
  }
});

test('a panic on a pool thread mid-call rejects every pending call at once; an abort does not wait for the compile', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, isolated);
    const got = await page.evaluate(async (r) => {
      const settle = (p) => p.then(() => 'resolved', (e) => `${e.code}: ${e.message}`);
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, cache: false });
      const short = r.context.slice(0, 300);
      const t0 = performance.now();
      // The engine's thread blocks in rayon waiting for the dead pool thread: only the pool
      // Worker, which the page started, can tell the page.
      const trap = settle(qa._panicForTests(true));
      const queued = settle(qa.answer(r.question, short));
      const out = { trap: await trap, queued: await queued, ms: performance.now() - t0 };
      out.later = await settle(qa.answer(r.question, short));
      out.dispose = await settle(qa.dispose());
      const fresh = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2, cache: false });
      out.fresh = (await fresh.answer(r.question, short)).length;
      await fresh.dispose();
      // The threaded module never arrives: an abort still ends the load at once.
      const { QaEngine: Stalled } = await import('/stalled/index.js');
      const ctl = new AbortController();
      const t1 = performance.now();
      const load = settle(Stalled.load({ model: '/bundle/', backend: 'cpu', threads: 2, cache: false, signal: ctl.signal }));
      setTimeout(() => ctl.abort(), 300);
      out.abort = await Promise.race([load, new Promise((res) => setTimeout(() => res('still pending after 5 s'), 5000))]);
      out.abortMs = performance.now() - t1;
      return out;
    }, rows[0]);
    assert.match(got.trap, /^INTERNAL_ERROR: .*a forced panic on a pool thread/s);
    assert.match(got.queued, /^INTERNAL_ERROR: /);
    assert.ok(got.ms < 3000, `settled in ${got.ms} ms`);
    assert.match(got.later, /^DISPOSED: /);
    assert.equal(got.dispose, 'resolved');
    assert.equal(got.fresh, 1);
    assert.match(got.abort, /^ABORTED: /);
    assert.ok(got.abortMs < 2000, `aborted in ${got.abortMs} ms`);
  } finally {
    await ctx.close();
  }
});

test("when threads run: 'auto' takes the cores on an isolated page, one thread elsewhere; bad counts are refused", async () => {
  const { ctx } = await launch();
  try {
    let page = await harness(ctx, isolated);
    const iso = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      const r = { threads: qa.threads, cores: navigator.hardwareConcurrency };
      await qa.dispose();
      return r;
    });
    assert.equal(iso.threads, Math.min(8, iso.cores));
    page = await harness(ctx, plain, await ctx.newPage());
    const got = await page.evaluate(async () => {
      const code = (p) => p.then((qa) => `threads=${qa.threads}`, (e) => e.code);
      return {
        isolated: crossOriginIsolated,
        auto: await code(QaEngine.load({ model: '/bundle/', backend: 'cpu' })),
        two: await code(QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2 })),
        zero: await code(QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 0 })),
        half: await code(QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 1.5 })),
        gpu: await code(QaEngine.load({ model: '/bundle/', backend: 'webgpu', threads: 2 })),
      };
    });
    assert.deepEqual(got, {
      isolated: false,
      auto: 'threads=1',
      two: 'BACKEND_UNAVAILABLE',
      zero: 'INVALID_OPTIONS',
      half: 'INVALID_OPTIONS',
      gpu: 'INVALID_OPTIONS',
    });
  } finally {
    await ctx.close();
  }
});

test("a missing threaded module: 'auto' falls back to one thread and warns, a count is BACKEND_UNAVAILABLE", async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, isolated);
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const got = await page.evaluate(async (r) => {
      const { QaEngine } = await import('/partial/index.js');
      const two = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 2 }).then(
        () => 'loaded',
        (e) => `${e.code}: ${e.message}`,
      );
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      const answers = await qa.answer(r.question, r.context);
      return { two, threads: qa.threads, answered: answers.length };
    }, rows[0]);
    assert.match(got.two, /^BACKEND_UNAVAILABLE: the threaded module could not start/);
    assert.deepEqual([got.threads, got.answered], [1, 1]);
    assert.ok(warnings.some((w) => w.includes('wasm threads unavailable')), warnings.join('\n'));
  } finally {
    await ctx.close();
  }
});

// The npm package in real headless Chromium, through its public API only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE, BUNDLES, assertSameAnswers, browserSample, harness, launch, nativeAnswers, startServer } from './common.mjs';

const WEIGHTS = '/bundle/model.bpk';
const VOCAB = '/bundle/vocab.txt';
let server;
let sample;
let native; // id → answers from the native CLI

before(async () => {
  server = await startServer({ '/bad/': path.join(os.tmpdir(), 'kqa-bad-bundle'), '/bundles/': BUNDLES });
  const bad = path.join(os.tmpdir(), 'kqa-bad-bundle');
  fs.mkdirSync(bad, { recursive: true });
  fs.writeFileSync(path.join(bad, 'manifest.json'), '{"format": "something-else"}');
  sample = browserSample();
  native = nativeAnswers(sample);
});
after(() => server?.close());

test('cpu answers equal the native CLI, with exact UTF-16 offsets', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const got = await page.evaluate(async (rows) => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      const out = {};
      for (const r of rows) out[r.id] = await qa.answer(r.question, r.context, { topK: 3 });
      return { backend: qa.backend, out };
    }, sample);
    assert.equal(got.backend, 'cpu');
    assert.ok(sample.length >= 50);
    assert.ok(sample.filter((r) => r.id.includes('-long')).length >= 10, 'multi-window contexts');
    assert.ok(sample.filter((r) => /\p{Extended_Pictographic}/u.test(r.context)).length >= 10, 'emoji contexts');
    for (const r of sample) assertSameAnswers(got.out[r.id], native[r.id], { label: r.id, context: r.context, probs: true });
  } finally {
    await ctx.close();
  }
});

test('fp16 and int8 bundles load, say their precision, and answer as the native CLI does', async () => {
  const rows = sample.slice(0, 12);
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    for (const precision of ['fp16', 'int8']) {
      const want = nativeAnswers(rows, path.join(BUNDLES, precision), ['--compute', 'fp32']);
      const got = await page.evaluate(
        async ({ rows, precision }) => {
          // The weights alone: fp32 arithmetic (int8 arithmetic has int8.test.mjs).
          const qa = await QaEngine.load({ model: `/bundles/${precision}/`, backend: 'cpu', compute: 'fp32' });
          const out = {};
          for (const r of rows) out[r.id] = await qa.answer(r.question, r.context, { topK: 3 });
          const p = qa.precision;
          await qa.dispose();
          return { precision: p, out };
        },
        { rows, precision },
      );
      assert.equal(got.precision, precision);
      for (const r of rows) assertSameAnswers(got.out[r.id], want[r.id], { label: `${precision} ${r.id}` });
    }
  } finally {
    await ctx.close();
  }
});

test('both wasm builds: auto picks relaxed SIMD in Chromium, baseline answers alike, each engine runs its own', async () => {
  const rows = sample.slice(0, 12);
  const runs = {};
  for (const simd of ['baseline', 'relaxed']) {
    const { ctx } = await launch();
    try {
      const page = await harness(ctx, server);
      runs[simd] = await page.evaluate(
        async ({ rows, simd }) => {
          const { hasRelaxedSimd } = await import('/pkg/index.js');
          const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', simd });
          const out = {};
          for (const r of rows) out[r.id] = await qa.answer(r.question, r.context, { topK: 3 });
          const ids = Array.from({ length: 384 }, (_, i) => (i === 0 ? 2 : i === 383 ? 3 : 5 + ((i * 37) % 30000)));
          const logits = await qa.logits(1, 384, ids, ids.map(() => 1), ids.map((_, i) => (i < 20 ? 0 : 1)));
          const other = simd === 'relaxed' ? 'baseline' : 'relaxed';
          // Each engine has its own Worker, so the other build runs beside this one.
          const otherEngine = await QaEngine.load({ model: '/bundle/', backend: 'cpu', simd: other });
          const otherSimd = otherEngine.simd;
          await otherEngine.dispose();
          const bad = await QaEngine.load({ model: '/bundle/', simd: 'sse' }).then(() => 'loaded', (e) => e.code);
          const again = await QaEngine.load({ model: '/bundle/', backend: 'cpu' }); // 'auto' takes what runs
          return { simd: qa.simd, again: again.simd, relaxed: hasRelaxedSimd(), out, otherSimd, bad, start: Array.from(logits.start) };
        },
        { rows, simd },
      );
    } finally {
      await ctx.close();
    }
  }
  const { baseline, relaxed } = runs;
  assert.equal(relaxed.relaxed, true, 'Chromium validates the relaxed-SIMD probe');
  assert.deepEqual([baseline.simd, baseline.again, relaxed.simd, relaxed.again], ['baseline', 'relaxed', 'relaxed', 'relaxed']);
  assert.deepEqual([baseline.otherSimd, relaxed.otherSimd], ['relaxed', 'baseline']);
  assert.deepEqual([baseline.bad, relaxed.bad], Array(2).fill('INVALID_OPTIONS'));
  for (const run of [baseline, relaxed]) {
    for (const r of rows) assertSameAnswers(run.out[r.id], native[r.id], { label: `${run.simd} ${r.id}` });
  }
  // A fused multiply-add rounds once: the builds differ only in the last bits, never by much.
  let d = 0;
  baseline.start.forEach((v, i) => (d = Math.max(d, Math.abs(v - relaxed.start[i]))));
  assert.ok(d > 0 && d < 1e-4, `relaxed vs baseline start logits: max |diff| ${d}`);
});

test('overlapping answer() calls are queued and give the sequential results', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const { seq, par } = await page.evaluate(async (rows) => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', cache: false });
      const seq = [];
      for (const r of rows) seq.push(await qa.answer(r.question, r.context, { topK: 2 }));
      const par = await Promise.all(rows.map((r) => qa.answer(r.question, r.context, { topK: 2 })));
      return { seq, par };
    }, sample.slice(0, 6));
    assert.deepEqual(par, seq);
  } finally {
    await ctx.close();
  }
});

test('bad inputs reject with codes and the next call still answers', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const results = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      const ctxOk = '훈민정음은 1446년에 반포되었다.';
      const cases = {
        empty: () => qa.answer('', ctxOk),
        blank: () => qa.answer('무엇?', '   \n\t '),
        huge: () => qa.answer('무엇?', '가나다라마바사 '.repeat(150000)),
        loneSurrogate: () => qa.answer('무엇\uD800?', ctxOk),
        number: () => qa.answer(42, ctxOk),
        nullContext: () => qa.answer('무엇?', null),
        object: () => qa.answer({}, ctxOk),
        badOption: () => qa.answer('무엇?', ctxOk, { topK: 0 }),
        unknownOption: () => qa.answer('무엇?', ctxOk, { top_k: 3 }),
        wrongManifest: () => QaEngine.load({ model: '/bad/', backend: 'cpu' }),
        missingBundle: () => QaEngine.load({ model: '/nowhere/', backend: 'cpu' }),
        badBackend: () => QaEngine.load({ model: '/bundle/', backend: 'tpu' }),
      };
      const out = {};
      for (const [name, f] of Object.entries(cases)) {
        const t = performance.now();
        try {
          await f();
          out[name] = { ok: true };
        } catch (e) {
          out[name] = { code: e.code, message: e.message, isError: e instanceof Error, ms: performance.now() - t };
        }
        const after = await qa.answer('무엇이 반포되었나?', ctxOk);
        out[name].after = after.length;
      }
      return out;
    });
    const want = {
      empty: 'INVALID_INPUT',
      blank: 'INVALID_INPUT',
      huge: 'INVALID_INPUT',
      loneSurrogate: 'INVALID_INPUT',
      number: 'INVALID_INPUT',
      nullContext: 'INVALID_INPUT',
      object: 'INVALID_INPUT',
      badOption: 'INVALID_OPTIONS',
      unknownOption: 'INVALID_OPTIONS',
      wrongManifest: 'INVALID_BUNDLE',
      missingBundle: 'MODEL_FETCH_FAILED',
      badBackend: 'INVALID_OPTIONS',
    };
    for (const [name, code] of Object.entries(want)) {
      assert.equal(results[name].code, code, `${name}: ${JSON.stringify(results[name])}`);
      assert.ok(results[name].isError, `${name} rejects with an Error`);
      assert.equal(results[name].after, 1, `${name}: the engine still answers`);
    }
    assert.ok(results.huge.ms < 3000, `a 1 MB context is refused fast (${results.huge.ms} ms)`);
  } finally {
    await ctx.close();
  }
});

test('dispose: later calls reject with DISPOSED', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const code = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', cache: false });
      await qa.dispose();
      return qa.answer('무엇?', '문맥').catch((e) => e.code);
    });
    assert.equal(code, 'DISPOSED');
  } finally {
    await ctx.close();
  }
});

test('cache: a second load makes no weight request; corrupted entries are re-fetched; aborts leave nothing', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const manifest = JSON.parse(fs.readFileSync(path.join(BUNDLE, 'manifest.json'), 'utf8'));
    const weightsKey = manifest.files.weights.sha256;

    // An aborted load rejects with ABORTED and stores no partial entry.
    await page.evaluate(() => QaEngine.clearCache());
    server.reset();
    const aborted = await page.evaluate(async () => {
      const ac = new AbortController();
      const onProgress = (p) => p.file === 'model.bpk' && p.loaded > 0 && ac.abort();
      return QaEngine.load({ model: '/bundle/', backend: 'cpu', signal: ac.signal, onProgress }).then(
        () => 'resolved',
        (e) => e.code,
      );
    });
    assert.equal(aborted, 'ABORTED');
    const stored = (key) =>
      page.evaluate(
        (key) =>
          new Promise((resolve) => {
            const open = indexedDB.open('korean-qa');
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('files')) return resolve(null);
              const get = db.transaction('files').objectStore('files').get(key);
              get.onsuccess = () => resolve(get.result ? get.result.byteLength : null);
            };
          }),
        key,
      );
    assert.equal(await stored(weightsKey), null, 'no half entry after abort');

    // Cold load: fetches the files, with progress, and caches them.
    server.reset();
    const cold = await page.evaluate(async () => {
      const events = [];
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', onProgress: (p) => events.push(p) });
      return { fromCache: qa.fromCache, last: events.filter((e) => e.file === 'model.bpk').at(-1), n: events.length };
    });
    assert.equal(cold.fromCache, false);
    assert.equal(cold.last.loaded, manifest.files.weights.size);
    assert.equal(cold.last.total, manifest.files.weights.size);
    assert.ok(cold.n > 2, 'streamed progress');
    assert.equal(server.count(WEIGHTS), 1);
    assert.equal(await stored(weightsKey), manifest.files.weights.size);

    // Warm load: manifest only.
    server.reset();
    const warm = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      return { fromCache: qa.fromCache, answers: await qa.answer('무엇?', '훈민정음은 1446년에 반포되었다.') };
    });
    assert.equal(warm.fromCache, true);
    assert.equal(server.count(WEIGHTS), 0, 'no weight request on the second load');
    assert.equal(server.count(VOCAB), 0);
    assert.equal(server.count('/bundle/manifest.json'), 1);
    assert.equal(warm.answers.length, 1);

    // Corrupt the cached weights: the next load notices, re-fetches and repairs the entry.
    await page.evaluate(
      (key) =>
        new Promise((resolve) => {
          const open = indexedDB.open('korean-qa');
          open.onsuccess = () => {
            const tx = open.result.transaction('files', 'readwrite');
            tx.objectStore('files').put(new Uint8Array(1000).buffer, key);
            tx.oncomplete = resolve;
          };
        }),
      weightsKey,
    );
    server.reset();
    const repaired = await page.evaluate(async () => (await QaEngine.load({ model: '/bundle/', backend: 'cpu' })).fromCache);
    assert.equal(repaired, false);
    assert.equal(server.count(WEIGHTS), 1, 'corrupted entry re-fetched once');
    assert.equal(await stored(weightsKey), manifest.files.weights.size);
  } finally {
    await ctx.close();
  }
});

test('offline: a cached bundle loads from the last manifest when the network fails', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    await page.evaluate(() => QaEngine.load({ model: '/bundle/', backend: 'cpu' }));
    await ctx.route('**/bundle/**', (route) => route.abort('internetdisconnected'));
    const offline = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      return { fromCache: qa.fromCache, n: (await qa.answer('무엇?', '훈민정음은 1446년에 반포되었다.')).length };
    });
    assert.deepEqual(offline, { fromCache: true, n: 1 });
  } finally {
    await ctx.close();
  }
});

test('without IndexedDB the engine works uncached and says so once', async () => {
  const { ctx } = await launch();
  try {
    // The engine runs in a Worker: take IndexedDB away there too, as a private window does.
    const hide = "Object.defineProperty(self, 'indexedDB', { value: undefined });\n";
    await ctx.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await ctx.route('**/pkg/worker.js', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: hide + (await res.text()) });
    });
    const page = await ctx.newPage();
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await harness(ctx, server, page);
    const r = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      return { fromCache: qa.fromCache, n: (await qa.answer('무엇?', '훈민정음은 1446년에 반포되었다.')).length };
    });
    assert.deepEqual(r, { fromCache: false, n: 1 });
    assert.equal(warnings.filter((w) => w.includes('IndexedDB')).length, 1, warnings.join('\n'));
  } finally {
    await ctx.close();
  }
});

test("'auto' falls back to the CPU when the browser has no WebGPU adapter", async () => {
  const { ctx } = await launch({ webgpu: false });
  try {
    const page = await harness(ctx, server);
    const r = await page.evaluate(async () => {
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'auto' });
      const forced = await QaEngine.load({ model: '/bundle/', backend: 'webgpu' }).catch((e) => e.code);
      return { backend: qa.backend, n: (await qa.answer('무엇?', '훈민정음은 1446년에 반포되었다.')).length, forced };
    });
    assert.deepEqual(r, { backend: 'cpu', n: 1, forced: 'BACKEND_UNAVAILABLE' });
  } finally {
    await ctx.close();
  }
});

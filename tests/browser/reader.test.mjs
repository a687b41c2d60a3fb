// Whole pages through the Worker every engine runs in: a 27k-character article answered as the
// native CLI answers it, progress and partial answers, abort mid-way, no long tasks on the page,
// and a relative model URL resolved against the page, not the Worker's script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLE, ROOT, assertSameAnswers, harness, launch, nativeAnswers, startServer } from './common.mjs';

const DATA = path.resolve(ROOT, process.env.KQA_DATA ?? '../shared/data');
let server;
let row;
let native;

/** The longest KorQuAD dev article, its paragraphs joined with '\n', and one of its questions. */
function wholeArticle() {
  const dev = JSON.parse(fs.readFileSync(path.join(DATA, 'korquad/KorQuAD_v1.0_dev.json'), 'utf8'));
  const articles = dev.data.map((a) => ({ a, context: a.paragraphs.map((p) => p.context).join('\n') }));
  const { a, context } = articles.reduce((x, y) => (y.context.length > x.context.length ? y : x));
  return { id: 'article', question: a.paragraphs[3].qas[0].question, context };
}

before(async () => {
  // The bundle again under the harness's folder: 'model/' means /harness/model/ to the page, and
  // /pkg/model/ (nothing there) to a Worker that resolved it against its own script.
  server = await startServer({ '/harness/model/': BUNDLE });
  row = wholeArticle();
  native = nativeAnswers([row])[row.id];
});
after(() => server?.close());

test('a whole article in the Worker: native answers, progress, partials, abort, no long tasks', async () => {
  assert.ok(row.context.length > 20_000, `${row.context.length} characters`);
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const got = await page.evaluate(async (r) => {
      const code = (p) => p.then(() => 'resolved', (e) => e.code);
      const qa = await QaEngine.load({ model: 'model/', backend: 'cpu', cache: false });
      const info = { threads: qa.threads, backend: qa.backend };
      const long = [];
      const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
      const progress = [];
      const partials = [];
      const t0 = performance.now();
      let first = null;
      const answers = await qa.answer(r.question, r.context, {
        topK: 3,
        onProgress: (p) => progress.push(p),
        onPartial: (a) => {
          first ??= performance.now() - t0;
          partials.push(a);
        },
      });
      const ms = performance.now() - t0;
      await new Promise((res) => setTimeout(res, 100)); // let the observer deliver
      observer.disconnect();
      // Abort an exhaustive read after its first batch: ABORTED, and the engine answers again.
      const ctl = new AbortController();
      let seen = 0;
      const aborted = await code(
        qa.answer(r.question, r.context, { exhaustive: true, signal: ctl.signal, onProgress: (p) => (seen = p.read, ctl.abort()) }),
      );
      const again = await qa.answer(r.question, r.context, { topK: 3 });
      const preAborted = await code(qa.answer(r.question, r.context, { signal: AbortSignal.abort() }));
      const badSignal = await code(qa.answer(r.question, r.context, { signal: 'stop' }));
      await qa.dispose();
      return { info, answers, again, progress, partials, long, aborted, seen, preAborted, badSignal, ms, first };
    }, row);
    console.log(`whole article (${row.context.length} chars): first answer ${got.first.toFixed(0)} ms, final ${got.ms.toFixed(0)} ms`);
    assert.deepEqual(got.info, { threads: 1, backend: 'cpu' });
    assertSameAnswers(got.answers, native, { label: 'article', context: row.context });
    assert.deepEqual(got.again, got.answers);
    const { windows, total } = got.progress[0];
    assert.ok(windows > 6 && total >= 4 && total <= 6, `${total} of ${windows} windows`);
    const batches = [...new Set([1, 4, total])];
    assert.deepEqual(
      got.progress.map((p) => [p.read, p.total, p.windows]),
      batches.map((read) => [read, total, windows]),
    );
    assert.equal(got.partials.length, batches.length);
    assert.deepEqual(got.partials.at(-1), got.answers, 'the last partial is the result');
    assert.deepEqual(got.long, [], 'no long task on the page while the Worker answers');
    assert.equal(got.aborted, 'ABORTED');
    assert.ok(got.seen >= 1 && got.seen < windows, `aborted after ${got.seen} of ${windows} windows`);
    assert.equal(got.preAborted, 'ABORTED');
    assert.equal(got.badSignal, 'INVALID_OPTIONS');
  } finally {
    await ctx.close();
  }
});

test('a Rust panic in the Worker never leaves a call pending: INTERNAL_ERROR, then DISPOSED; dispose resolves', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const got = await page.evaluate(async (r) => {
      const settle = (p) => p.then(() => 'resolved', (e) => `${e.code}: ${e.message}`);
      const qa = await QaEngine.load({ model: 'model/', backend: 'cpu' });
      const short = r.context.slice(0, 300);
      // Queued behind one lock: an answer, the forced panic, then an answer that would wait forever.
      const before = settle(qa.answer(r.question, short));
      const trap = settle(qa._panicForTests());
      const after = settle(qa.answer(r.question, short));
      const out = { before: await before, trap: await trap, after: await after };
      out.later = await settle(qa.answer(r.question, short));
      out.dispose = await settle(qa.dispose());
      // The cache is not held by the dead Worker, and a new engine answers.
      out.clear = await settle(QaEngine.clearCache());
      const fresh = await QaEngine.load({ model: 'model/', backend: 'cpu' });
      out.fresh = (await fresh.answer(r.question, short)).length;
      await fresh.dispose();
      return out;
    }, row);
    assert.equal(got.before, 'resolved');
    assert.match(got.trap, /^INTERNAL_ERROR: .*panicForTests: a forced panic/s);
    assert.match(got.after, /^INTERNAL_ERROR: /);
    assert.match(got.later, /^DISPOSED: /);
    assert.equal(got.dispose, 'resolved');
    assert.equal(got.clear, 'resolved');
    assert.equal(got.fresh, 1);
  } finally {
    await ctx.close();
  }
});

test('options that would wrap or run away are refused with INVALID_OPTIONS; undefined means the default', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const got = await page.evaluate(async (r) => {
      const code = (p) => p.then(() => 'resolved', (e) => e.code);
      const qa = await QaEngine.load({ model: 'model/', backend: 'cpu' });
      const q = r.question;
      const c = r.context.slice(0, 400);
      const t0 = performance.now();
      const huge = await code(qa.answer('가'.repeat(5_000_000), c));
      const hugeMs = performance.now() - t0;
      const out = {
        undefinedTopK: await code(qa.answer(q, c, { topK: undefined, minScore: undefined })),
        topK: await code(qa.answer(q, c, { topK: 1e9, maxAnswerLen: 512 })),
        maxQuestionLen: await code(qa.answer('가 '.repeat(300), c, { maxQuestionLen: 4294967295 })),
        maxAnswerLen: await code(qa.answer(q, c, { maxAnswerLen: 4294967295 })),
        nan: await code(qa.answer(q, c, { minScore: NaN })),
        infinity: await code(qa.answer(q, c, { minScore: Infinity })),
        stride: await code(qa.answer(q, c, { docStride: 400 })),
        windows: await code(qa.answer(q, c, { maxWindows: 0 })),
        notObject: await code(qa.answer(q, c, 'topK=3')),
        loadString: await code(QaEngine.load('https://example.com/bundle/')),
        huge,
        after: (await qa.answer(q, c)).length,
      };
      // Every answer on a context of combining marks, zero-width and control characters, emoji
      // sequences and astral letters slices the caller's string to its text.
      const odd = 'A\u0301\u200B😀👍🏽🇰🇷\r\n\u0000가\uFFFD나 𝕏';
      const oddAnswers = await qa.answer('가나?', odd, { topK: 100 });
      const oddBad = oddAnswers.filter((a) => odd.slice(a.start, a.end) !== a.text);
      // The longest context the defaults take, with the most answers and the longest spans the
      // options allow: the worst case for memory (an exhaustive read of it costs time, not more
      // memory: windows are read in batches). Wasm memory never shrinks: this is every case's peak.
      const long = r.context.repeat(Math.ceil(1_000_000 / r.context.length)).slice(0, 1_000_000);
      const worst = await code(qa.answer(q, long, { topK: 100, maxAnswerLen: 512, minScore: 0 }));
      const memory = await qa.wasmMemoryBytes();
      await qa.dispose();
      return { out, hugeMs, odd: oddAnswers.length, oddBad, worst, memory };
    }, row);
    console.log(`hostile options: peak wasm memory ${(got.memory / 2 ** 20).toFixed(0)} MiB (after a 1,000,000-character context with topK 100)`);
    assert.ok(got.odd > 0, 'the odd context has answers');
    assert.deepEqual(got.oddBad, []);
    assert.equal(got.worst, 'resolved');
    assert.ok(got.memory < 1024 * 2 ** 20, `wasm memory ${got.memory} stays under 1 GiB`);
    assert.deepEqual(got.out, {
      undefinedTopK: 'resolved',
      topK: 'INVALID_OPTIONS',
      maxQuestionLen: 'INVALID_OPTIONS',
      maxAnswerLen: 'INVALID_OPTIONS',
      nan: 'INVALID_OPTIONS',
      infinity: 'INVALID_OPTIONS',
      stride: 'INVALID_OPTIONS',
      windows: 'INVALID_OPTIONS',
      notObject: 'INVALID_OPTIONS',
      loadString: 'INVALID_OPTIONS',
      huge: 'INVALID_INPUT',
      after: 1,
    });
    assert.ok(got.hugeMs < 1000, `a 5 MB question was refused in ${got.hugeMs.toFixed(0)} ms`);
  } finally {
    await ctx.close();
  }
});

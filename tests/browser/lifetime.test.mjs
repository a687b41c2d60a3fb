// A threaded engine's life, in Chromium and Firefox on a cross-origin isolated page: a soak of
// questions on short and whole-article pages (topK 1 to 20, aborts mixed in, three at a time)
// answered as a fresh engine answers them, with wasm memory flat and no Worker gained or lost;
// dispose() ending every Worker; and a Worker killed mid-answer (the engine's, or a pool thread's)
// rejecting every pending call within a second of its end, after which a new load works.
//
// KQA_SOAK (default 200 questions in CI) sets the soak's count; KQA_SOAK=1000 is the full count
// (docs/testing.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLES, ROOT, assertSameAnswers, harness, launch, startServer, withFirefoxPage } from './common.mjs';

const DATA = path.resolve(ROOT, process.env.KQA_DATA ?? '../shared/data');
const SOAK = Number(process.env.KQA_SOAK ?? 200);
const MODEL = '/bundles/int8/';
const ARTICLES = 5; // whole articles, every tenth question; all of them are met during the warm-up
const WARM = 10 * ARTICLES;

let server;
let items;
let longest;
before(async () => {
  server = await startServer({ '/bundles/': BUNDLES }, { isolate: true });
  ({ items, longest } = soakItems(SOAK));
});
after(() => server?.close());

/**
 * `n` questions from the KorQuAD dev set: every tenth on a whole article (3,000 to 8,000
 * characters, its paragraphs joined), the rest on one paragraph; topK cycling through 1 to 20;
 * every tenth (offset by five) and every third article aborted after 0 to 40 ms. Also the longest
 * article, for the kill test.
 */
function soakItems(n) {
  const dev = JSON.parse(fs.readFileSync(path.join(DATA, 'korquad/KorQuAD_v1.0_dev.json'), 'utf8'));
  const joined = dev.data.map((a) => ({ a, c: a.paragraphs.map((p) => p.context).join('\n') }));
  const articles = joined.filter(({ c }) => c.length >= 3000 && c.length <= 8000).slice(0, ARTICLES);
  assert.equal(articles.length, ARTICLES);
  const paragraphs = dev.data
    .filter((a) => !articles.some((x) => x.a === a))
    .flatMap((a) => a.paragraphs.filter((p) => p.qas.length).map((p) => ({ q: p.qas[0].question, c: p.context })));
  const items = Array.from({ length: n }, (_, i) => {
    const k = 1 + ((i * 7) % 20);
    if (i % 10 === 0) {
      const { a, c } = articles[(i / 10) % ARTICLES];
      const qs = a.paragraphs.flatMap((p) => p.qas.map((x) => x.question));
      return { q: qs[Math.floor(i / 10 / ARTICLES) % qs.length], c, k, abort: i % 30 === 0 ? (i * 13) % 40 : null };
    }
    const p = paragraphs[i % paragraphs.length];
    return { ...p, k, abort: i % 10 === 5 ? (i * 13) % 40 : null };
  });
  const big = joined.reduce((x, y) => (y.c.length > x.c.length ? y : x));
  return { items, longest: { q: big.a.paragraphs.flatMap((p) => p.qas)[0].question, c: big.c } };
}

/** In the page, before any engine: counts the page's live Workers (every Worker of an engine is the page's). */
const countWorkers = () => {
  const Native = Worker;
  const live = new Set();
  window.liveWorkers = () => live.size;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      live.add(this);
    }
    terminate() {
      live.delete(this);
      super.terminate();
    }
  };
};

/** In the page: the soak on one engine, then the same questions on a fresh one. */
const soak = async ({ items, warm, model }) => {
  const opts = { model, backend: 'cpu', threads: 2 };
  const before = liveWorkers();
  const qa = await QaEngine.load(opts);
  const loaded = liveWorkers();
  const answers = new Array(items.length);
  let memWarm = 0;
  let aborted = 0;
  const t0 = performance.now();
  for (let g = 0; g < items.length; g += 3) {
    if (g >= warm && !memWarm) memWarm = await qa.wasmMemoryBytes();
    await Promise.all(
      items.slice(g, g + 3).map(async (it, j) => {
        const ctl = it.abort === null ? null : new AbortController();
        if (ctl) setTimeout(() => ctl.abort(), it.abort);
        try {
          answers[g + j] = await qa.answer(it.q, it.c, { topK: it.k, signal: ctl?.signal });
        } catch (e) {
          if (!(ctl && e.code === 'ABORTED')) throw e;
          answers[g + j] = null;
          aborted++;
        }
      }),
    );
  }
  const soakMs = performance.now() - t0;
  const memEnd = await qa.wasmMemoryBytes();
  const during = liveWorkers();
  const threads = qa.threads;
  await qa.dispose();
  const disposed = liveWorkers();
  const fresh = await QaEngine.load(opts);
  const again = [];
  for (const [i, it] of items.entries()) again.push(answers[i] === null ? null : await fresh.answer(it.q, it.c, { topK: it.k }));
  await fresh.dispose();
  return { before, loaded, during, disposed, threads, memWarm, memEnd, aborted, soakMs, answers, again };
};

/**
 * In the page: a 2-thread engine whose Worker (or a pool Worker) is killed while sixteen answers
 * wait. The time counts from the Worker's end, seen from the page as its Web Lock's release: a
 * Worker blocked in a wait (an idle pool thread) ends only when the browser forces it, which
 * Chromium does 2 s after terminate().
 */
const kill = async ({ q, c, onPool, model }) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const holds = async (name) => (await navigator.locks.query()).held.some((l) => l.name === name);
  const opts = { model, backend: 'cpu', threads: 2 };
  const qa = await QaEngine.load(opts);
  const threads = qa.threads;
  const calls = Array.from({ length: 16 }, () =>
    qa.answer(q, c).then(
      () => ({ code: 'resolved', at: performance.now() }),
      (e) => ({ code: e.code, at: performance.now() }),
    ),
  );
  await sleep(200);
  const lock = qa._killWorkerForTests(onPool);
  const t = performance.now();
  const killed = typeof lock === 'string';
  let gone = null;
  while (gone === null && performance.now() - t < 10_000) {
    if (!(await holds(lock))) gone = performance.now();
    else await sleep(10);
  }
  const settled = await Promise.all(calls);
  const rejected = settled.filter((s) => s.code !== 'resolved');
  const later = await qa.answer(q, c).then(() => 'resolved', (e) => e.code);
  await qa.dispose();
  const left = liveWorkers();
  const next = await QaEngine.load(opts);
  const n = (await next.answer(q, c)).length;
  const nextThreads = next.threads;
  await next.dispose();
  return {
    threads, killed, goneAfter: gone === null ? null : gone - t,
    codes: [...new Set(rejected.map((s) => s.code))], rejected: rejected.length,
    ms: rejected.length ? Math.max(...rejected.map((s) => s.at)) - gone : null,
    later, left, n, nextThreads, after: liveWorkers(),
  };
};

async function inChromium(f) {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    await page.evaluate(countWorkers);
    return await f(page);
  } finally {
    await ctx.close();
  }
}

const inFirefox = (f) =>
  withFirefoxPage(server, async (page) => {
    await page.evaluate(countWorkers);
    return f(page);
  });

for (const [name, inBrowser] of [['Chromium', inChromium], ['Firefox', inFirefox]]) {
  test(`${name}: ${SOAK} questions on one engine answer as a fresh engine does; memory flat, no Worker lost`, async () => {
    const r = await inBrowser(async (page) => {
      const out = await page.evaluate(soak, { items, warm: WARM, model: MODEL });
      // Chromium's own count of the page's Workers, beside the page's: none after dispose().
      if (name === 'Chromium') {
        for (let t = 0; t < 50 && page.workers().length; t++) await new Promise((r) => setTimeout(r, 100));
        out.chromiumWorkers = page.workers().length;
      }
      return out;
    });
    const growth = (r.memEnd - r.memWarm) / r.memWarm;
    console.log(
      `${name} soak: ${SOAK} questions (${r.aborted} aborted) in ${(r.soakMs / 1000).toFixed(1)} s; ` +
        `wasm memory ${(r.memWarm / 2 ** 20).toFixed(1)} MiB after ${WARM} questions, ${(r.memEnd / 2 ** 20).toFixed(1)} MiB at the end (${(growth * 100).toFixed(2)} %)`,
    );
    assert.equal(r.threads, 2);
    assert.deepEqual([r.before, r.loaded, r.during, r.disposed], [0, 3, 3, 0], 'live Workers: before, loaded, after the soak, after dispose()');
    if (name === 'Chromium') assert.equal(r.chromiumWorkers, 0, "Chromium's count of the page's Workers after dispose()");
    assert.ok(Math.abs(growth) <= 0.05, `wasm memory grew ${(growth * 100).toFixed(2)} % after the warm-up`);
    assert.ok(r.aborted > 0, 'some aborts landed before their answer');
    let compared = 0;
    r.answers.forEach((a, i) => {
      if (a === null) return;
      assertSameAnswers(a, r.again[i], { label: `question ${i} (topK ${items[i].k})`, context: items[i].c });
      compared++;
    });
    assert.ok(compared >= SOAK * 0.8, `${compared} answers compared`);
  });

  test(`${name}: a Worker killed mid-answer: every pending call rejects within 1 s of its end; the next load works`, async () => {
    await inBrowser(async (page) => {
      for (const onPool of [false, true]) {
        const r = await page.evaluate(kill, { ...longest, onPool, model: MODEL });
        const what = onPool ? 'a pool Worker' : "the engine's Worker";
        console.log(`${name}: ${what} killed: gone ${r.goneAfter?.toFixed(0)} ms after terminate(); ${r.rejected} pending calls rejected ${r.ms?.toFixed(0)} ms after that`);
        assert.deepEqual([r.threads, r.killed, r.nextThreads, r.n], [2, true, 2, 1], JSON.stringify(r));
        assert.notEqual(r.goneAfter, null, `${what} never ended`);
        assert.ok(r.rejected > 0, `${what}: no call was still pending when it ended (${JSON.stringify(r)})`);
        assert.deepEqual(r.codes, ['INTERNAL_ERROR'], what);
        assert.ok(r.ms < 1000, `${what}: the last pending call rejected ${r.ms} ms after the Worker ended`);
        assert.equal(r.later, 'DISPOSED');
        assert.deepEqual([r.left, r.after], [0, 0], 'no Worker left');
      }
    });
  });
}

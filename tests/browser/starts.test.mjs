// Threads always start: a fresh browser for each threaded start (the first start in a new
// process is where a cold-start race shows), and many starts and disposals inside one page.
// Chromium and Firefox, each on a cross-origin isolated page: a 2-thread engine must start with
// 2 threads and answer, with no fallback to one thread and no stall (Firefox: TODO, below).
//
// KQA_STARTS (default 8) fresh launches per browser, KQA_PAGE_STARTS (default 20) starts in one
// page: enough to catch a regression in CI's time; KQA_STARTS=30 KQA_PAGE_STARTS=50 measures a rate
// (docs/testing.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLES, harness, launch, startServer, withFirefoxPage } from './common.mjs';

const STARTS = Number(process.env.KQA_STARTS ?? 8);
const PAGE_STARTS = Number(process.env.KQA_PAGE_STARTS ?? 20);
const QUESTION = '무엇이 반포되었나?';
const CONTEXT = '훈민정음은 1446년에 반포되었다.';

let server;
before(async () => {
  server = await startServer({ '/bundles/': BUNDLES }, { isolate: true });
});
after(() => server?.close());

/** In the page: `n` starts of a 2-thread engine, each answering once and disposed. */
const starts = async ({ n, q, c }) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    try {
      const qa = await QaEngine.load({ model: '/bundles/int8/', backend: 'cpu', threads: 2 });
      const loaded = performance.now() - t;
      const answers = await qa.answer(q, c);
      out.push({ threads: qa.threads, reason: qa.backendReason, loaded, n: answers.length, text: answers[0]?.text });
      await qa.dispose();
    } catch (e) {
      out.push({ error: `${e.code}: ${e.message}`, loaded: performance.now() - t });
    }
  }
  return { isolated: crossOriginIsolated, out };
};

async function inChromium(f) {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    page.on('console', (m) => m.type() === 'warning' && console.error(`chromium warning: ${m.text()}`));
    return await f(page);
  } finally {
    await ctx.close();
  }
}

const inFirefox = (f) =>
  withFirefoxPage(server, f, { onConsole: (m) => ['warn', 'warning'].includes(m.type()) && console.error(`firefox warning: ${m.text()}`) });

/** Every start has 2 threads and the same answer; prints the start times. */
function check(label, runs) {
  const bad = runs.filter((r) => r.error || r.threads !== 2 || r.n !== 1);
  const times = runs.map((r) => r.loaded).sort((a, b) => a - b);
  console.log(`${label}: ${runs.length} starts, load median ${times[times.length >> 1].toFixed(0)} ms, slowest ${times.at(-1).toFixed(0)} ms`);
  assert.deepEqual(bad, [], `${label}: starts without 2 threads`);
  assert.equal(new Set(runs.map((r) => r.text)).size, 1, `${label}: one answer`);
}

// Firefox's stall is not fixed: in about 1 start in 25 (fresh launches, and seen once in 50 starts
// in one page) neither pool Worker ever reports, not even from its script's first line, while the
// engine's Worker has initialised the module and waits idle; replacing a silent pool Worker with a
// new one did not help (its messages never came either). Its runs stay marked TODO, so they print
// their counts without failing CI, until the cause is found (docs/testing.md).
const FIREFOX_TODO = 'Firefox: a threaded start stalls in about 1 of 25 fresh launches; cause open';

for (const [name, inBrowser] of [['Chromium', inChromium], ['Firefox', inFirefox]]) {
  const todo = name === 'Firefox' ? FIREFOX_TODO : undefined;
  test(`${name}: ${STARTS} fresh browsers, each starting a 2-thread engine: no stall, no fallback`, { todo }, async () => {
    const runs = [];
    for (let i = 0; i < STARTS; i++) {
      const { isolated, out } = await inBrowser((page) => page.evaluate(starts, { n: 1, q: QUESTION, c: CONTEXT }));
      assert.equal(isolated, true);
      runs.push(...out);
    }
    check(`${name}, fresh launches`, runs);
  });

  test(`${name}: ${PAGE_STARTS} starts and disposals of a 2-thread engine in one page`, { todo }, async () => {
    const { out } = await inBrowser((page) => page.evaluate(starts, { n: PAGE_STARTS, q: QUESTION, c: CONTEXT }));
    check(`${name}, one page`, out);
  });
}

// The second engine users run: Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi.
// The package through its public API only: answers as the native CLI's on a plain page (one
// thread) and an isolated one (threads), a whole article read best-first, and abort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { ROOT, assertSameAnswers, browserSample, nativeAnswers, startServer } from './common.mjs';

const FIREFOX = process.env.KQA_FIREFOX ?? '/usr/bin/firefox-esr';
const DATA = path.resolve(ROOT, process.env.KQA_DATA ?? '../shared/data');
let rows;
let native;
let article;

before(() => {
  rows = browserSample().filter((r, i) => i % 6 === 0 || r.id.includes('-long')).slice(0, 10);
  const dev = JSON.parse(fs.readFileSync(path.join(DATA, 'korquad/KorQuAD_v1.0_dev.json'), 'utf8'));
  const a = dev.data.reduce((x, y) => (y.paragraphs.length > x.paragraphs.length ? y : x));
  article = { id: 'article', question: a.paragraphs[2].qas[0].question, context: a.paragraphs.map((p) => p.context).join('\n') };
  native = nativeAnswers([...rows, article]);
});

async function withFirefox(isolate, f) {
  const server = await startServer({}, { isolate });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-firefox-'));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    // The engine's warnings (a threaded start that falls back says why) belong in the test's log.
    page.on('console', (m) => ['warn', 'warning', 'error'].includes(m.type()) && console.error(`firefox ${m.type()}: ${m.text()}`));
    await page.goto(`${server.url}/harness/harness.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    return await f(page);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const script = async ({ rows, article }) => {
  const code = (p) => p.then(() => 'resolved', (e) => e.code);
  const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
  const out = {};
  for (const r of rows) out[r.id] = await qa.answer(r.question, r.context, { topK: 3 });
  const progress = [];
  out.article = await qa.answer(article.question, article.context, { topK: 3, onProgress: (p) => progress.push([p.read, p.total]) });
  const ctl = new AbortController();
  const aborted = await code(qa.answer(article.question, article.context, { exhaustive: true, signal: ctl.signal, onProgress: () => ctl.abort() }));
  const info = { threads: qa.threads, backend: qa.backend, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
  await qa.dispose();
  return { out, progress, aborted, info };
};

for (const isolate of [false, true]) {
  test(`Firefox ESR, ${isolate ? 'cross-origin isolated (threads)' : 'plain page (one thread)'}: native answers, a whole article, abort`, async () => {
    const got = await withFirefox(isolate, (page) => page.evaluate(script, { rows, article }));
    assert.equal(got.info.isolated, isolate);
    assert.equal(got.info.backend, 'cpu');
    assert.equal(got.info.threads, isolate ? Math.min(8, got.info.cores) : 1);
    for (const r of [...rows, article]) assertSameAnswers(got.out[r.id], native[r.id], { label: r.id, context: r.context });
    const total = got.progress[0][1];
    assert.ok(total >= 4 && total <= 8, `${total} windows read`);
    assert.deepEqual(got.progress, [...new Set([1, 4, total])].map((read) => [read, total]));
    assert.equal(got.aborted, 'ABORTED');
  });
}

// The demo page (www/) end to end: load, ask with Enter, ranked answers and highlights, backend
// switch, "loaded from cache" on reload. Saves a screenshot under artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLES, PKG, ROOT, launch } from './common.mjs';
import { serve } from '../../scripts/serve.mjs';
import { startHub } from '../hub/server.mjs';

const REPOS = path.resolve(ROOT, process.env.KQA_HUB_REPOS ?? 'models/hub');
let hub;

const ARTIFACTS = path.join(ROOT, 'artifacts');
let server;
before(async () => {
  // The bundle `./build.sh demo` serves: the default precision, int8.
  // Cross-origin isolated as `./build.sh demo` serves it, so the CPU runs the threaded module.
  server = await serve({ '/': path.join(ROOT, 'www'), '/pkg/': PKG, '/model/': path.join(BUNDLES, 'int8') }, { isolate: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // The hub, as a stand-in that holds the published model's id (random weights).
  hub = await startHub({ root: REPOS });
});
after(async () => {
  await server?.close();
  await hub?.close();
});

async function answered(page, n) {
  await page.waitForFunction((n) => Number(document.body.dataset.answered ?? 0) >= n, n, { timeout: 120000 });
}

test('demo: ask, see ranked answers highlighted, switch backend, reload from cache', async () => {
  // WebGPU is available, but only SwiftShader, a software adapter: 'auto' skips it for the CPU and
  // says why; forcing WebGPU then runs it, and it answers the same.
  const { ctx } = await launch({ webgpu: true });
  try {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1000, height: 1100 });
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    await page.goto(`${server.url}/?model=model/`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000 });
    assert.equal(await page.textContent('#cache-status'), 'downloaded (now cached)');
    const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
    assert.equal(await page.textContent('#backend-indicator'), cores > 1 ? `cpu (flex), ${cores} threads in a worker` : 'cpu (flex)');
    assert.match(await page.textContent('#backend-reason'), /^\(cpu: software WebGPU adapter skipped \(.*swiftshader.*\)\)$/);
    assert.ok(await page.isVisible('#random-warning'), 'random weights are announced');
    assert.match(await page.textContent('#model-name'), / · int8$/);

    await page.fill('#top-k', '3');
    await page.fill('#question', '한글날은 언제인가?');
    await page.press('#question', 'Enter');
    await answered(page, 1);
    const answers = await page.$$eval('#answers .answer', (bs) => bs.map((b) => b.textContent));
    assert.equal(answers.length, 3);
    const best = await page.$$eval('#highlighted mark', (ms) =>
      ms.filter((m) => m.dataset.answers.split(' ').includes('0')).map((m) => m.textContent).join(''),
    );
    assert.equal(best, answers[0], 'the highlight of the best answer is its text');
    const passage = await page.inputValue('#passage');
    assert.ok(passage.includes(answers[0]));
    assert.match(await page.textContent('#timing'), /\d+ ms/);
    await page.click('#answers .answer[data-rank="1"]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo.png'), fullPage: true });

    if (cores > 1) assert.equal(await page.getAttribute('#backend-indicator', 'title'), `wasm build: SIMD128, ${cores} threads`);

    // Backend switch: forcing WebGPU reloads the engine (from cache) and answers the same.
    await page.evaluate(() => (document.body.dataset.ready = ''));
    await page.selectOption('#backend', 'webgpu');
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000 });
    assert.match(await page.textContent('#backend-indicator'), /^webgpu \(software adapter: .*swiftshader.*\)$/);
    assert.equal(await page.textContent('#backend-reason'), '(webgpu: asked for)');
    await page.click('#ask');
    await answered(page, 2);
    const onGpu = await page.$$eval('#answers .answer', (bs) => bs.map((b) => b.textContent));
    assert.equal(onGpu[0], answers[0], 'WebGPU and CPU agree on the best answer');

    // Reload: the model comes from IndexedDB.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000 });
    assert.equal(await page.textContent('#cache-status'), 'loaded from cache');

    // Narrow screens keep the layout usable.
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (${overflow})`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-360.png'), fullPage: true });

    await page.click('#clear-cache');
    await page.waitForFunction(() => document.querySelector('#cache-status').textContent === 'cache cleared');
  } finally {
    await ctx.close();
  }
});

test('demo as most visitors see it: no WebGPU adapter, default settings (the hub model), the CPU in a Worker', async () => {
  // No --enable-unsafe-webgpu: requestAdapter() gives nothing, so 'auto' takes the CPU, and the
  // isolated page runs it in the threaded Worker. The default model comes from the hub.
  const { ctx } = await launch();
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?hub=${encodeURIComponent(hub.url)}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true' || !document.querySelector('#error').hidden, null, {
      timeout: 120000,
    });
    assert.equal(await page.textContent('#error'), '');
    const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
    assert.equal(await page.textContent('#backend-indicator'), cores > 1 ? `cpu (flex), ${cores} threads in a worker` : 'cpu (flex)');
    await page.fill('#question', '한글날은 언제인가?');
    await page.press('#question', 'Enter');
    await answered(page, 1);
    assert.ok((await page.$$eval('#answers .answer', (bs) => bs.length)) >= 1);
    assert.match(await page.textContent('#model-name'), /^monologg\/koelectra-small-v2-distilled-korquad-384 · int8$/);
    assert.equal(await page.isVisible('#random-warning'), false, 'the hub model is not announced as random');
    assert.equal(await page.isVisible('#fallback-warning'), false);
    assert.equal(await page.textContent('#cache-status'), 'downloaded (now cached)');
    // A second visit: the converted model from the cache, no weights fetched.
    hub.clearRequests();
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000 });
    assert.equal(await page.textContent('#cache-status'), 'loaded from cache');
    assert.deepEqual(hub.requests.filter((r) => r.origin === 'cdn'), []);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('demo without the hub: the local bundle, and the banner says why', async () => {
  const { ctx } = await launch();
  try {
    const page = await ctx.newPage();
    await page.goto(`${server.url}/?hub=${encodeURIComponent('http://127.0.0.1:9')}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000 });
    assert.ok(await page.isVisible('#fallback-warning'));
    assert.match(await page.textContent('#fallback-reason'), /127\.0\.0\.1:9.*unreachable/);
    assert.ok(await page.isVisible('#random-warning'), 'the local bundle is random and says so');
    assert.match(await page.textContent('#model-name'), /random/);
  } finally {
    await ctx.close();
  }
});

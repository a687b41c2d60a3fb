// `model: 'hf:OWNER/NAME'` in the browser, against tests/hub/server.mjs (a stand-in for
// huggingface.co on two origins: the hub and its CDN): the checkpoint is discovered with one API
// request, fetched pinned to the commit, checked against the hub's hashes, converted in the
// engine's Worker and cached. Checked here, in Chromium and Firefox:
// - each weights format (safetensors, zip and legacy pytorch_model.bin) answers as HF's own forward
//   does (top 3, scores within 1e-4) at fp32, and the converted bundle is the very bundle that
//   `korean-qa bundle --from-hf` makes (its files are cached under their SHA-256);
// - a second load makes no request for weights, and a reload with the hub gone still works;
// - a mirror without the API; every bad answer of the hub gets its coded error; abort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { CLI, ROOT, harness, launch, readJsonl, startServer } from './common.mjs';
import { startHub } from '../hub/server.mjs';

const REPOS = path.resolve(ROOT, process.env.KQA_HUB_REPOS ?? 'models/hub');
const FIREFOX = process.env.KQA_FIREFOX ?? '/usr/bin/firefox-esr';
const REL = 1e-4;
let hub;
let server;
let refs;
const native = {}; // precision -> { weights, vocab } SHA-256 of the CLI's bundle

before(async () => {
  hub = await startHub({ root: REPOS });
  server = await startServer();
  refs = readJsonl(path.join(REPOS, 'refs.jsonl'));
  for (const p of ['int8', 'fp32']) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `kqa-hub-${p}-`));
    execFileSync(CLI, ['bundle', '--from-hf', path.join(REPOS, 'kqa-test/koelectra-safetensors'), out, '--precision', p, '--name', 'kqa-test/koelectra-safetensors'], { stdio: 'ignore' });
    const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    native[p] = { weights: m.files.weights.sha256, vocab: m.files.vocab.sha256 };
    fs.rmSync(out, { recursive: true, force: true });
  }
});
after(async () => {
  await hub?.close();
  await server?.close();
});

/** In the page: loads `model` from the hub, answers `rows`, and lists the cache's file keys. */
const loadAndAnswer = async ({ model, hubUrl, precision, rows }) => {
  const files = [];
  const qa = await QaEngine.load({ model, hubUrl, precision, backend: 'cpu', threads: 1, onProgress: (p) => files.push(p.file) });
  const out = {};
  for (const r of rows) out[r.id] = await qa.answer(r.question, r.context, { topK: 3, exhaustive: true });
  const info = { name: qa.modelName, precision: qa.precision, fromCache: qa.fromCache, reason: qa.backendReason, memory: await qa.wasmMemoryBytes() };
  await qa.dispose();
  const keys = await new Promise((resolve, reject) => {
    const open = indexedDB.open('korean-qa');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('files').objectStore('files').getAllKeys();
      req.onsuccess = () => (open.result.close(), resolve(req.result));
      req.onerror = () => reject(req.error);
    };
  });
  return { out, info, keys, files: [...new Set(files)] };
};

function assertLikeTransformers(out) {
  for (const r of refs) {
    const got = out[r.id];
    assert.deepEqual(got.map((a) => [a.start, a.end, a.text]), r.answers.map((a) => [a.start, a.end, a.text]), r.id);
    got.forEach((a, i) => assert.ok(Math.abs(a.score - r.answers[i].score) <= REL * r.answers[i].score, `${r.id}: ${a.score} vs ${r.answers[i].score}`));
  }
}

const weightRequests = () => hub.requests.filter((r) => r.origin === 'cdn' || /\/(resolve|raw)\/[^/]+\/(model\.safetensors|pytorch_model\.bin)$/.test(r.path));

test('Chromium: each weights format answers like transformers; the bundle is the CLI\'s; cached, offline', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    for (const repo of ['koelectra-safetensors', 'koelectra-bin-zip', 'koelectra-bin-legacy']) {
      const got = await page.evaluate(loadAndAnswer, { model: `hf:kqa-test/${repo}`, hubUrl: hub.url, precision: 'fp32', rows: refs });
      assert.equal(got.info.name, `kqa-test/${repo}`);
      assert.equal(got.info.precision, 'fp32');
      assert.equal(got.info.fromCache, false);
      assertLikeTransformers(got.out);
      assert.ok(got.keys.includes(native.fp32.weights) && got.keys.includes(native.fp32.vocab), `${repo}: the cached files are the CLI's bundle`);
    }
    // The default precision, int8: byte for byte the CLI's int8 bundle, and never the fp32 download.
    const int8 = await page.evaluate(loadAndAnswer, { model: 'hf:kqa-test/koelectra-safetensors', hubUrl: hub.url, rows: refs.slice(0, 1) });
    assert.equal(int8.info.precision, 'int8');
    assert.ok(int8.keys.includes(native.int8.weights), 'the int8 weights the CLI makes');
    const raw = fs.statSync(path.join(REPOS, 'kqa-test/koelectra-safetensors/model.safetensors')).size;
    assert.ok(int8.files.includes('model.safetensors'), `progress names the download: ${int8.files}`);

    // Again: one API request, no weights fetched.
    hub.clearRequests();
    const again = await page.evaluate(loadAndAnswer, { model: 'hf:kqa-test/koelectra-safetensors', hubUrl: hub.url, rows: refs.slice(0, 1) });
    assert.equal(again.info.fromCache, true);
    assert.deepEqual(weightRequests(), [], 'a cached load fetches no weights');
    assert.deepEqual(again.out[refs[0].id], int8.out[refs[0].id]);
    assert.ok(raw > 50e6);
    // The converting Worker (about 104 MiB, twice the int8 engine) made way for a fresh one that
    // loaded the cached bundle: the engine holds what a cached load holds, far less than the
    // 55 MB checkpoint it was converted from.
    assert.ok(int8.info.memory <= again.info.memory * 1.05 && int8.info.memory < raw, `${int8.info.memory} vs ${again.info.memory} cached`);

    // The hub gone: the copy cached for the revision, saying so.
    const offline = await page.evaluate(loadAndAnswer, { model: 'hf:kqa-test/koelectra-safetensors', hubUrl: 'http://127.0.0.1:9', rows: refs.slice(0, 1) });
    assert.equal(offline.info.fromCache, true);
    assert.match(offline.info.reason, /the hub could not be reached .*using the copy cached for hf:kqa-test\/koelectra-safetensors@main/);
    assert.deepEqual(offline.out[refs[0].id], int8.out[refs[0].id]);
  } finally {
    await ctx.close();
  }
});

test('Chromium: a mirror without the model API; every bad hub answer gets its coded error; abort', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    // Resolve-only: the weights' SHA-256 from their Git LFS pointer, the files at the revision.
    hub.setApi(false);
    try {
      const got = await page.evaluate(async ({ hubUrl }) => {
        const qa = await QaEngine.load({ model: 'hf:kqa-test/koelectra-bin-legacy', hubUrl, backend: 'cpu', threads: 1, cache: false });
        const [a] = await qa.answer('한글날은 언제인가?', '한글날은 해마다 10월 9일이다.');
        const r = { name: qa.modelName, reason: qa.backendReason, ok: typeof a.text === 'string' };
        await qa.dispose();
        return r;
      }, { hubUrl: hub.url });
      assert.deepEqual([got.name, got.ok], ['kqa-test/koelectra-bin-legacy', true]);
      assert.doesNotMatch(got.reason, /not checked/, 'the LFS pointer gave the hash');
      assert.ok(hub.requests.some((r) => r.path.includes('/raw/main/pytorch_model.bin')));
    } finally {
      hub.setApi(true);
    }
    const failures = await page.evaluate(async ({ hubUrl }) => {
      const out = {};
      const load = (model, extra = {}) =>
        QaEngine.load({ model, hubUrl, backend: 'cpu', threads: 1, cache: false, ...extra }).then(
          async (qa) => (await qa.dispose(), 'loaded'),
          (e) => `${e.code}: ${e.message}`,
        );
      for (const repo of ['absent', 'no-weights', 'wrong-arch', 'no-qa-head', 'lfs-pointer', 'html-weights', 'truncated', 'no-cors', 'bad-sha256']) {
        out[repo] = await load(`hf:kqa-test/${repo}`);
      }
      out.pin = await load('hf:kqa-test/koelectra-safetensors', { sha256: '0'.repeat(64) });
      out.badId = await load('hf:not a repo');
      const ctl = new AbortController();
      const started = performance.now();
      out.abort = await load('hf:kqa-test/slow', { signal: ctl.signal, onProgress: (p) => p.file === 'model.safetensors' && p.loaded > 0 && ctl.abort() });
      out.abortMs = performance.now() - started;
      // The engine loads as before after all of that.
      out.after = await load('hf:kqa-test/koelectra-safetensors');
      return out;
    }, { hubUrl: hub.url });
    const expect = {
      absent: /^MODEL_FETCH_FAILED: .*\/api\/models\/kqa-test\/absent\/.*RepoNotFound/,
      'no-weights': /^WEIGHTS_INVALID: .*hf:kqa-test\/no-weights@main has no weights: neither model\.safetensors nor pytorch_model\.bin/,
      'wrong-arch': /^GRAPH_MISMATCH: .*hidden_size 768; this build runs 256/,
      'no-qa-head': /^WEIGHTS_INVALID: .*has no tensor `qa_outputs\./,
      'lfs-pointer': /^WEIGHTS_INVALID: .*model\.safetensors: is a Git LFS pointer.*\/resolve\/[0-9a-f]{40}\/model\.safetensors/,
      'html-weights': /^WEIGHTS_INVALID: .*model\.safetensors: is an HTML page.*\/resolve\/[0-9a-f]{40}\/model\.safetensors/,
      truncated: /^(MODEL_FETCH_FAILED|INTEGRITY_MISMATCH): .*model\.safetensors/,
      'no-cors': /^MODEL_FETCH_FAILED: .*CORS/,
      'bad-sha256': /^INTEGRITY_MISMATCH: .*model\.safetensors \(http:.*\/resolve\/[0-9a-f]{40}\/model\.safetensors\)/,
      pin: /^INTEGRITY_MISMATCH: .*the `sha256` option/,
      badId: /^INVALID_OPTIONS: /,
      abort: /^ABORTED: /,
      after: /^loaded$/,
    };
    for (const [k, re] of Object.entries(expect)) assert.match(failures[k], re, k);
    assert.ok(failures.abortMs < 10000, `abort took ${failures.abortMs} ms`);
  } finally {
    await ctx.close();
  }
});

test('Firefox: the legacy .bin from the hub answers like transformers; no CORS is named', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-firefox-hub-'));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    await page.goto(`${server.url}/harness/harness.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    const got = await page.evaluate(loadAndAnswer, { model: 'hf:kqa-test/koelectra-bin-legacy', hubUrl: hub.url, precision: 'fp32', rows: refs });
    assertLikeTransformers(got.out);
    assert.ok(got.keys.includes(native.fp32.weights), 'the cached files are the CLI\'s bundle');
    hub.clearRequests();
    const again = await page.evaluate(loadAndAnswer, { model: 'hf:kqa-test/koelectra-bin-legacy', hubUrl: hub.url, precision: 'fp32', rows: refs.slice(0, 1) });
    assert.equal(again.info.fromCache, true);
    assert.deepEqual(weightRequests(), []);
    const cors = await page.evaluate(
      (hubUrl) => QaEngine.load({ model: 'hf:kqa-test/no-cors', hubUrl, backend: 'cpu', cache: false }).then(() => 'loaded', (e) => `${e.code}: ${e.message}`),
      hub.url,
    );
    assert.match(cors, /^MODEL_FETCH_FAILED: .*CORS/);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

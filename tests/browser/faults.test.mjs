// Faults around the engine, in Chromium and Firefox, through the public API: arguments bounded
// before they are copied into wasm memory (which never shrinks), an update cut off half-way (the
// old bundle still loads offline), clearCache() during a running load, a cached entry with one
// byte flipped, a cache database from a newer release, IndexedDB switched off, and a full storage
// quota.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLES, harness, launch, publishBundle, startServer, withFirefoxPage } from './common.mjs';

const QUESTION = '무엇이 반포되었나?';
const CONTEXT = '훈민정음은 1446년에 반포되었다.';
const manifestOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

// /upd/: a bundle whose files keep their names between versions (no HTTP caching, so only the
// engine's own cache is under test). `mode`: 'ok', 'cut' (the weights stop half-way, as a
// closed laptop would), 'offline' (every request fails), 'hold' (the weights wait for release()).
let mode = 'ok';
let release = () => {};
const updDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-faults-'));
const publish = (precision) => publishBundle(updDir, precision);

function upd(req, res, p) {
  if (mode === 'offline') return void req.socket.destroy();
  const file = path.join(updDir, path.basename(p));
  const body = fs.readFileSync(file);
  res.writeHead(200, { 'content-length': body.length, 'cache-control': 'no-store' });
  if (!p.endsWith('model.bin') || mode === 'ok') return void res.end(body);
  res.write(body.subarray(0, body.length >> 1));
  if (mode === 'cut') return void setTimeout(() => res.destroy(), 50);
  release = () => res.end(body.subarray(body.length >> 1));
}

let server;
before(async () => {
  server = await startServer({ '/bundles/': BUNDLES }, { handlers: { '/upd/': upd } });
});
after(() => {
  server?.close();
  fs.rmSync(updDir, { recursive: true, force: true });
});

/** Each test runs in both engines; `prefs`: Firefox preferences for this launch. */
async function inBoth(name, f, { prefs } = {}) {
  for (const browser of ['chromium', 'firefox']) {
    test(`${browser}: ${name}`, async () => {
      if (browser === 'chromium') {
        const { ctx } = await launch();
        try {
          const page = await harness(ctx, server);
          await f(page, { browser, ctx });
        } finally {
          await ctx.close();
        }
      } else {
        await inFirefox(prefs, (page) => f(page, { browser }));
      }
    });
  }
}

const inFirefox = (prefs, f) => withFirefoxPage(server, f, { prefs });

/** Loads `model` on the CPU and answers one question: its facts, or the error's code. */
const tryLoad = (page, model, backend = 'cpu') =>
  page.evaluate(
    async ({ model, backend, q, c }) => {
      try {
        const qa = await QaEngine.load({ model, backend });
        const n = (await qa.answer(q, c)).length;
        const out = { fromCache: qa.fromCache, precision: qa.precision, reason: qa.backendReason, warnings: qa.warnings, n };
        await qa.dispose();
        return out;
      } catch (e) {
        return { code: e.code, message: e.message };
      }
    },
    { model, backend, q: QUESTION, c: CONTEXT },
  );

/** The keys of one store of the engine's cache ([] when it has none). */
const cacheKeys = (page, store) =>
  page.evaluate(
    (store) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('korean-qa');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) return db.close(), resolve([]);
          const req = db.transaction(store).objectStore(store).getAllKeys();
          req.onsuccess = () => (db.close(), resolve(req.result.map(String)));
        };
      }),
    store,
  );

inBoth('answer() and logits() refuse by length and shape before copying: no wasm memory grows', async (page) => {
  const got = await page.evaluate(async ({ q, c }) => {
    const qa = await QaEngine.load({ model: '/bundles/int8/', backend: 'cpu' });
    const refusal = (p) => p.then((r) => ({ resolved: Array.isArray(r) ? r.length : typeof r }), (e) => ({ code: e.code, message: e.message }));
    await qa.answer(q, c);
    const before = await qa.wasmMemoryBytes();
    const t = performance.now();
    const huge = await refusal(qa.answer(q, '가'.repeat(25_000_000)));
    const ms = performance.now() - t;
    const longQuestion = await refusal(qa.answer('가'.repeat(200_000), c));
    const after = await qa.wasmMemoryBytes();
    // At the limit the exact count decides: 10 astral characters are 20 code units.
    const astral = '𝕏'.repeat(9) + '가';
    const atLimit = await refusal(qa.answer(q, astral, { maxContextChars: 10 }));
    const overLimit = await refusal(qa.answer(q, astral + '가', { maxContextChars: 10 }));
    const ids = new Int32Array(384).fill(5);
    const mask = new Int32Array(384).fill(1);
    const types = new Int32Array(384);
    const logits = {};
    for (const [name, batch, seq] of [['1.9', 1.9, 384], ['-1', -1, 384], ['2**32+1', 2 ** 32 + 1, 384], ['seq 383.5', 1, 383.5], ['seq "384"', 1, '384']]) {
      logits[name] = await refusal(qa.logits(batch, seq, ids, mask, types));
    }
    logits.short = await refusal(qa.logits(1, 384, ids.subarray(0, 10), mask, types));
    const ok = await qa.logits(1, 384, ids, mask, types);
    const plain = await qa.answer(q, c);
    await qa.dispose();
    return { before, after, ms, huge, longQuestion, atLimit, overLimit, logits, okLength: ok.start.length, plain: plain.length };
  }, { q: QUESTION, c: CONTEXT });
  assert.equal(got.huge.code, 'INVALID_INPUT', JSON.stringify(got.huge));
  assert.match(got.huge.message, /context is too long: 12500000 characters, the limit is 1000000/);
  assert.equal(got.longQuestion.code, 'INVALID_INPUT', JSON.stringify(got.longQuestion));
  assert.match(got.longQuestion.message, /question has at least 100000 characters/);
  assert.equal(got.after, got.before, `wasm memory ${got.before} → ${got.after} bytes after the refusals`);
  console.log(`a 25M-unit context refused in ${got.ms.toFixed(0)} ms; wasm memory ${got.before} bytes before and after`);
  assert.deepEqual(got.atLimit, { resolved: got.atLimit.resolved }, JSON.stringify(got.atLimit));
  assert.equal(got.overLimit.code, 'INVALID_INPUT', JSON.stringify(got.overLimit));
  assert.match(got.overLimit.message, /11 characters, the limit is 10/);
  for (const [name, r] of Object.entries(got.logits)) {
    assert.equal(r.code, 'INVALID_INPUT', `${name}: ${JSON.stringify(r)}`);
  }
  assert.match(got.logits['1.9'].message, /batch must be a whole number .* got 1\.9/);
  assert.match(got.logits['-1'].message, /batch must be a whole number .* got -1/);
  assert.match(got.logits['2**32+1'].message, /batch must be a whole number .* got 4294967297/);
  assert.match(got.logits['seq 383.5'].message, /seq must be a whole number/);
  assert.match(got.logits['seq "384"'].message, /seq must be a whole number .* got string/);
  assert.match(got.logits.short.message, /input_ids holds 10 values/);
  assert.equal(got.okLength, 384);
  assert.equal(got.plain, 1);
});

inBoth('an update cut off half-way leaves the old bundle loading offline', async (page) => {
  mode = 'ok';
  publish('fp16');
  assert.deepEqual(await tryLoad(page, '/upd/').then((r) => [r.precision, r.fromCache]), ['fp16', false]);
  const v2 = publish('int8');
  mode = 'cut';
  const cut = await tryLoad(page, '/upd/');
  assert.equal(cut.code, 'MODEL_FETCH_FAILED', JSON.stringify(cut));
  assert.ok(!(await cacheKeys(page, 'files')).includes(v2.files.weights.sha256), 'no file of the cut update');
  mode = 'offline';
  const offline = await tryLoad(page, '/upd/');
  assert.deepEqual([offline.precision, offline.fromCache, offline.n], ['fp16', true, 1], JSON.stringify(offline));
  mode = 'ok';
  assert.deepEqual(await tryLoad(page, '/upd/').then((r) => [r.precision, r.fromCache]), ['int8', false]);
});

inBoth('clearCache() during a running load resolves at once; the load still answers, uncached', async (page) => {
  mode = 'hold';
  publish('int8');
  await page.evaluate(() => {
    window.started = new Promise((resolve) => {
      window.loading = QaEngine.load({ model: '/upd/', backend: 'cpu', onProgress: (p) => p.file === 'model.bin' && p.loaded > 0 && resolve() });
    });
  });
  await page.evaluate(() => window.started);
  // The weights are half sent and held: the load holds its connection to the cache.
  const cleared = await page.evaluate(() =>
    Promise.race([
      QaEngine.clearCache().then(() => 'cleared', (e) => `rejected ${e.code}: ${e.message}`),
      new Promise((r) => setTimeout(() => r('still pending after 5 s'), 5000)),
    ]),
  );
  release();
  mode = 'ok';
  assert.equal(cleared, 'cleared');
  const loaded = await page.evaluate(async ({ q, c }) => {
    const qa = await window.loading;
    return { n: (await qa.answer(q, c)).length, fromCache: qa.fromCache, reason: qa.backendReason };
  }, { q: QUESTION, c: CONTEXT });
  assert.deepEqual([loaded.n, loaded.fromCache], [1, false]);
  assert.match(loaded.reason, /could not cache the model/, loaded.reason);
  assert.deepEqual(await tryLoad(page, '/upd/').then((r) => [r.n, r.fromCache]), [1, false]);
  assert.deepEqual(await tryLoad(page, '/upd/').then((r) => [r.n, r.fromCache]), [1, true]);
});

inBoth('a cached weights file with one byte flipped is fetched again, with no error to the caller', async (page) => {
  const m = manifestOf(path.join(BUNDLES, 'int8'));
  assert.equal((await tryLoad(page, '/bundles/int8/')).fromCache, false);
  await page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('korean-qa');
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('files', 'readwrite').objectStore('files');
          const get = store.get(key);
          get.onsuccess = () => {
            const bytes = new Uint8Array(get.result.slice(0));
            bytes[bytes.length >> 1] ^= 0x01;
            const put = store.put(bytes.buffer, key);
            put.onsuccess = () => (db.close(), resolve());
            put.onerror = () => reject(put.error);
          };
        };
      }),
    m.files.weights.sha256,
  );
  server.reset();
  const repaired = await tryLoad(page, '/bundles/int8/');
  assert.deepEqual([repaired.code, repaired.fromCache, repaired.n], [undefined, false, 1], JSON.stringify(repaired));
  assert.equal(server.count(`/bundles/int8/${m.files.weights.path}`), 1);
  assert.equal((await tryLoad(page, '/bundles/int8/')).fromCache, true, 'the repaired entry serves the next load');
});

inBoth("a cache database from a newer release is left alone: the load works uncached and says so", async (page) => {
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('korean-qa', 99);
        open.onupgradeneeded = () => open.result.createObjectStore('future').put('theirs', 'k');
        open.onsuccess = () => (open.result.close(), resolve());
        open.onerror = () => reject(open.error);
      }),
  );
  const r = await tryLoad(page, '/bundles/int8/');
  assert.deepEqual([r.n, r.fromCache], [1, false], JSON.stringify(r));
  assert.match(r.reason, /IndexedDB unavailable .*the model is not cached/, r.reason);
  const kept = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('korean-qa');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('future').objectStore('future').get('k');
          get.onsuccess = () => (db.close(), resolve({ version: db.version, value: get.result }));
        };
      }),
  );
  assert.deepEqual(kept, { version: 99, value: 'theirs' });
});

// IndexedDB refused, as it is to a page when the person blocks all cookies (Firefox then throws a
// SecurityError from indexedDB.open, in the page and in its Workers). Firefox 153 ignores the old
// `dom.indexedDB.enabled` pref, and its private windows have an in-memory IndexedDB, so neither
// refuses it. The load works uncached and says why, in backendReason and in warnings.
test('firefox: with IndexedDB refused the load works uncached and says why', async () => {
  await inFirefox({ 'network.cookie.cookieBehavior': 2 }, async (page) => {
    const first = await tryLoad(page, '/bundles/int8/');
    assert.deepEqual([first.code, first.n, first.fromCache], [undefined, 1, false], JSON.stringify(first));
    assert.match(first.reason, /IndexedDB unavailable .*the model is not cached/, first.reason);
    assert.deepEqual(first.warnings, [first.reason.slice(first.reason.indexOf('IndexedDB'))], JSON.stringify(first));
    const second = await tryLoad(page, '/bundles/int8/');
    assert.deepEqual([second.n, second.fromCache], [1, false], JSON.stringify(second));
    // With 'auto' the page rules WebGPU out before any module runs; its reason keeps the warning.
    const auto = await tryLoad(page, '/bundles/int8/', 'auto');
    assert.match(auto.reason, /^cpu: [^;]+; IndexedDB unavailable .*the model is not cached$/, JSON.stringify(auto));
    assert.deepEqual(auto.warnings, first.warnings);
    const cleared = await page.evaluate(() => QaEngine.clearCache().then(() => 'resolved', (e) => e.code));
    assert.equal(cleared, 'resolved', 'nothing to clear');
  });
});

// The origin's quota comes from Firefox's fixed storage limit (the group limit is a fifth of it):
// 310 MB gives this origin 62 MB, room for the fp32 bundle (55 MB) but not for the int8 one (14 MB)
// beside it; 150 MB gives 30 MB, less than the fp32 bundle alone. (Chromium's DevTools override,
// Storage.overrideQuotaForOrigin, answers "Internal error" in Debian's Chromium, so the quota is
// tested in Firefox.)
const quota = (mb) => ({ 'dom.quotaManager.temporaryStorage.fixedLimit': mb * 1024 * 5 });
const bundleManifests = () => Object.fromEntries(['fp32', 'int8'].map((p) => [p, manifestOf(path.join(BUNDLES, p))]));

test('firefox: under a full quota a new bundle evicts the others and is cached, with no partial entry', async () => {
  const m = bundleManifests();
  await inFirefox(quota(62), async (page) => {
    assert.equal(await page.evaluate(async () => (await navigator.storage.estimate()).quota), 62 << 20);
    assert.equal((await tryLoad(page, '/bundles/fp32/')).fromCache, false);
    assert.ok((await cacheKeys(page, 'files')).includes(m.fp32.files.weights.sha256), 'fp32 cached');
    server.reset();
    const first = await tryLoad(page, '/bundles/int8/');
    assert.deepEqual([first.n, first.fromCache], [1, false], JSON.stringify(first));
    assert.doesNotMatch(first.reason, /could not cache/, first.reason);
    const files = await cacheKeys(page, 'files');
    assert.deepEqual(files.sort(), [m.int8.files.weights.sha256, m.int8.files.vocab.sha256].sort(), 'only the int8 bundle is kept');
    server.reset();
    const second = await tryLoad(page, '/bundles/int8/');
    assert.deepEqual([second.n, second.fromCache], [1, true], JSON.stringify(second));
    assert.equal(server.count(`/bundles/int8/${m.int8.files.weights.path}`), 0, 'no weight request on the second load');
  });
});

test('firefox: a bundle larger than the whole quota works uncached, leaves nothing partial and evicts nothing', async () => {
  const m = bundleManifests();
  await inFirefox(quota(30), async (page) => {
    assert.equal((await tryLoad(page, '/bundles/int8/')).fromCache, false);
    const tight = await tryLoad(page, '/bundles/fp32/');
    assert.deepEqual([tight.n, tight.fromCache], [1, false], JSON.stringify(tight));
    assert.match(tight.reason, /could not cache the model/, tight.reason);
    const files = await cacheKeys(page, 'files');
    assert.ok(!files.includes(m.fp32.files.weights.sha256), 'no partial entry');
    assert.ok(!(await cacheKeys(page, 'manifests')).some((k) => k.endsWith('/bundles/fp32/manifest.json')), 'no manifest without its files');
    assert.ok(files.includes(m.int8.files.weights.sha256), 'the int8 bundle is still cached');
    assert.equal((await tryLoad(page, '/bundles/int8/')).fromCache, true);
  });
});

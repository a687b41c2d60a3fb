// Hostile servers and caches, through the public JS API: a server that streams without end, a
// captive portal, an outage, a bundle updated in place under a year-long max-age, abort during a
// cached load; the cache keeps only the bundles in use. After every case a normal load answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE, BUNDLES, harness, launch, startServer, publishBundle } from './common.mjs';

const QUESTION = '무엇이 반포되었나?';
const CONTEXT = '훈민정음은 1446년에 반포되었다.';
const manifestOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** Bytes each scripted stream has written so far, by name. */
const sent = new Map();

/** Writes `head`, then `chunk` again and again while the client reads, up to `limit` bytes. */
function stream(res, name, { head = '', chunk, limit }) {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
  let n = 0;
  const count = (k) => sent.set(name, (n += k));
  if (head) {
    res.write(head);
    count(head.length);
  }
  const pump = () => {
    while (n < limit && !res.destroyed) {
      count(chunk.length);
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

function sendFile(res, file, headers = {}) {
  if (!fs.existsSync(file)) return void res.writeHead(404).end('not found');
  const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-length': fs.statSync(file).size, ...headers });
  fs.createReadStream(file).pipe(res);
}

// Manifests whose weights entry declares 0 bytes or 2³² − 1 (refused as such), or 1 KiB (answered
// with 200 MB).
const declaring = (size) => {
  const m = manifestOf(BUNDLE);
  const sha256 = crypto.createHash('sha256').update(Buffer.alloc(Math.min(size, 1024))).digest('hex');
  return JSON.stringify({ ...m, files: { ...m.files, weights: { path: 'model.bpk', size, sha256 } } });
};

// /portal/: the fp32 bundle, then a Wi-Fi login page in place of every file, then no network.
let portal = 'ok';
// /update/: a bundle whose files keep their names from version to version, served with a year's
// max-age, as static hosts often do. Version 1 is the fp16 bundle, version 2 the int8 one.
const updateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-update-'));
const publish = (precision) => publishBundle(updateDir, precision);

let server;
before(async () => {
  server = await startServer(
    { '/bundles/': BUNDLES },
    {
      handlers: {
        '/zero/manifest.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(declaring(0)),
        '/zero/model.bpk': (req, res) => stream(res, 'zero', { chunk: Buffer.alloc(1 << 16), limit: 200 << 20 }),
        '/huge/manifest.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(declaring(4294967295)),
        '/flood/manifest.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(declaring(1024)),
        '/flood/model.bpk': (req, res) => stream(res, 'flood', { chunk: Buffer.alloc(1 << 16), limit: 200 << 20 }),
        '/endless/manifest.json': (req, res) =>
          stream(res, 'endless', { head: '{"format": "korean-qa-bundle", "name": "', chunk: Buffer.alloc(1 << 16, 'a'), limit: Infinity }),
        '/portal/': (req, res, p) => {
          if (portal === 'offline') return void req.socket.destroy();
          if (portal === 'portal') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Wi-Fi</title><form>Sign in to continue</form>');
          sendFile(res, path.join(BUNDLE, path.basename(p)), { 'cache-control': 'no-cache' });
        },
        '/update/': (req, res, p) => sendFile(res, path.join(updateDir, path.basename(p)), { 'cache-control': 'public, max-age=31536000' }),
      },
    },
  );
});
after(() => {
  server?.close();
  fs.rmSync(updateDir, { recursive: true, force: true });
});

/** Loads `model` and answers one question; the result or the error's code, and how long it took. */
const tryLoad = (page, model, extra = {}) =>
  page.evaluate(
    async ({ model, extra, q, c }) => {
      const t = performance.now();
      try {
        const qa = await QaEngine.load({ model, backend: 'cpu', ...extra });
        const answers = await qa.answer(q, c);
        const out = { fromCache: qa.fromCache, precision: qa.precision, n: answers.length, ms: performance.now() - t };
        await qa.dispose();
        return out;
      } catch (e) {
        return { code: e.code, message: e.message, ms: performance.now() - t };
      }
    },
    { model, extra, q: QUESTION, c: CONTEXT },
  );

/** The keys of one IndexedDB store of the engine's cache. */
const cacheKeys = (page, store) =>
  page.evaluate(
    (store) =>
      new Promise((resolve) => {
        const open = indexedDB.open('korean-qa');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) return resolve([]);
          const req = db.transaction(store).objectStore(store).getAllKeys();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
        };
      }),
    store,
  );

test('a server that never stops sending costs at most the declared size, and the engine loads after', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    // An engine loaded before the hostile servers answers after them.
    await page.evaluate(async () => (window.kept = await QaEngine.load({ model: '/bundles/fp32/', backend: 'cpu' })));
    // A 0-byte weights entry is refused with the manifest, before any weights request.
    const zero = await tryLoad(page, '/zero/');
    assert.equal(zero.code, 'INVALID_BUNDLE', JSON.stringify(zero));
    assert.equal(server.count('/zero/model.bpk'), 0);
    // "size": 4294967295 is refused before anything is reserved or requested.
    const huge = await tryLoad(page, '/huge/');
    assert.equal(huge.code, 'INVALID_BUNDLE', JSON.stringify(huge));
    assert.match(huge.message, /4294967295/);
    assert.equal(server.count('/huge/model.bpk'), 0);
    // A 1 KiB entry answered with a 200 MB stream: refused at the first chunk (and once more
    // past the HTTP cache), so the stream is cut short.
    const flood = await tryLoad(page, '/flood/');
    assert.equal(flood.code, 'INTEGRITY_MISMATCH', JSON.stringify(flood));
    assert.ok(sent.get('flood') < 32 << 20, `the 200 MB stream was cut short (${sent.get('flood')} bytes sent)`);
    // An endless manifest, with nothing cached for it: refused past 1 MiB.
    const endless = await tryLoad(page, '/endless/');
    assert.equal(endless.code, 'INVALID_BUNDLE', JSON.stringify(endless));
    assert.match(endless.message, /manifest/);
    assert.ok(sent.get('endless') < 32 << 20, `the endless manifest was cut short (${sent.get('endless')} bytes sent)`);
    assert.deepEqual(await tryLoad(page, '/bundles/fp32/').then(({ n, precision }) => ({ n, precision })), { n: 1, precision: 'fp32' });
    const kept = await page.evaluate(async ({ q, c }) => (await window.kept.answer(q, c)).map((a) => c.slice(a.start, a.end) === a.text), { q: QUESTION, c: CONTEXT });
    assert.deepEqual(kept, [true]);
  } finally {
    await ctx.close();
  }
});

test('a captive portal does not replace the last good manifest; offline then loads from the cache', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    portal = 'ok';
    assert.equal((await tryLoad(page, '/portal/')).fromCache, false);
    portal = 'portal';
    const behind = await tryLoad(page, '/portal/');
    assert.deepEqual([behind.fromCache, behind.n], [true, 1], JSON.stringify(behind));
    assert.ok(warnings.some((w) => w.includes('last good manifest')), warnings.join('\n'));
    portal = 'offline';
    const offline = await tryLoad(page, '/portal/');
    assert.deepEqual([offline.fromCache, offline.n], [true, 1], JSON.stringify(offline));
  } finally {
    portal = 'ok';
    await ctx.close();
  }
});

test('a bundle updated in place under max-age=31536000 loads its new version, and the old one leaves the cache', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const v1 = publish('fp16');
    server.reset();
    const first = await tryLoad(page, '/update/');
    assert.deepEqual([first.precision, first.n], ['fp16', 1], JSON.stringify(first));
    assert.equal(server.count('/update/model.bin'), 1);
    assert.ok((await cacheKeys(page, 'files')).includes(v1.files.weights.sha256));

    // The new version under the same names: the HTTP cache still holds the old model.bin.
    const v2 = publish('int8');
    server.reset();
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const second = await tryLoad(page, '/update/');
    assert.deepEqual([second.precision, second.n], ['int8', 1], JSON.stringify(second));
    assert.equal(server.count('/update/model.bin'), 1, 'one reload past the HTTP cache');
    assert.ok(warnings.some((w) => w.includes('model.bin did not match its manifest')), 'the stale copy came from the HTTP cache');
    const files = await cacheKeys(page, 'files');
    assert.ok(files.includes(v2.files.weights.sha256), 'the new version is cached');
    assert.ok(!files.includes(v1.files.weights.sha256), 'the old version is gone');
  } finally {
    await ctx.close();
  }
});

test('the cache keeps the two most recently loaded bundles and forgets the others', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const m = Object.fromEntries(['fp32', 'fp16', 'int8'].map((p) => [p, manifestOf(path.join(BUNDLES, p))]));
    for (const p of ['fp32', 'fp16', 'int8']) assert.equal((await tryLoad(page, `/bundles/${p}/`)).n, 1);
    const files = await cacheKeys(page, 'files');
    assert.deepEqual(
      ['fp32', 'fp16', 'int8'].map((p) => files.includes(m[p].files.weights.sha256)),
      [false, true, true],
      'weights of fp16 and int8 only',
    );
    const manifests = await cacheKeys(page, 'manifests');
    assert.ok(!manifests.some((k) => String(k).endsWith('/bundles/fp32/manifest.json')), manifests.join(', '));
    // Using fp32 again brings it back, and now fp16 is the one dropped.
    assert.equal((await tryLoad(page, '/bundles/fp32/')).fromCache, false);
    const again = await cacheKeys(page, 'files');
    assert.deepEqual(
      ['fp32', 'fp16', 'int8'].map((p) => again.includes(m[p].files.weights.sha256)),
      [true, false, true],
    );
  } finally {
    await ctx.close();
  }
});

test('abort during a cached load rejects at once, and the next load answers', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    assert.equal((await tryLoad(page, '/bundles/fp32/')).n, 1);
    const r = await page.evaluate(async () => {
      const ac = new AbortController();
      // The first cached file: the read has finished, the model build has not begun.
      const onProgress = (p) => p.cached && ac.abort();
      const t = performance.now();
      const code = await QaEngine.load({ model: '/bundles/fp32/', backend: 'cpu', signal: ac.signal, onProgress }).then(
        () => 'resolved',
        (e) => e.code,
      );
      return { code, ms: performance.now() - t };
    });
    assert.equal(r.code, 'ABORTED', JSON.stringify(r));
    const next = await tryLoad(page, '/bundles/fp32/');
    assert.deepEqual([next.fromCache, next.n], [true, 1]);
  } finally {
    await ctx.close();
  }
});

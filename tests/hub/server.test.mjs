// The stand-in hub (server.mjs) behaves as huggingface.co does, on the repositories that
// scripts/make_checkpoints.py writes:  node --test tests/hub/
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startHub } from './server.mjs';

const ROOT = process.env.KQA_HUB_REPOS ?? fileURLToPath(new URL('../../models/hub', import.meta.url));
const skip = existsSync(join(ROOT, 'repos.json'))
  ? false
  : `no ${ROOT}/repos.json: run python3 scripts/make_checkpoints.py --out ${ROOT} (or set KQA_HUB_REPOS)`;
const BASE = 'kqa-test/koelectra-safetensors';
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const gitSha1 = (buf) => createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');

describe('stand-in hub', { skip }, () => {
  let hub;
  const get = (path, init) => fetch(`${hub.url}${path}`, init);
  const info = async (repo, q = '?blobs=true') => (await get(`/api/models/${repo}/revision/main${q}`)).json();
  before(async () => (hub = await startHub({ root: ROOT })));
  after(() => hub?.close());

  test('model API: siblings with git blob ids and LFS metadata only with blobs=true', async () => {
    const repos = JSON.parse(readFileSync(join(ROOT, 'repos.json'), 'utf8'));
    const body = await info(BASE);
    assert.equal(body.id, BASE);
    assert.equal(body.modelId, BASE);
    assert.match(body.sha, /^[0-9a-f]{40}$/);
    assert.equal(body.private, false);
    const files = Object.fromEntries(body.siblings.map((s) => [s.rfilename, s]));
    assert.deepEqual(Object.keys(files).sort(), ['config.json', 'model.safetensors', 'special_tokens_map.json', 'tokenizer_config.json', 'vocab.txt']);
    const config = readFileSync(join(ROOT, BASE, 'config.json'));
    assert.deepEqual(files['config.json'], { rfilename: 'config.json', blobId: gitSha1(config), size: config.length });
    const { lfs } = files['model.safetensors'];
    assert.match(lfs.sha256, /^[0-9a-f]{64}$/);
    assert.equal(lfs.size, files['model.safetensors'].size);
    assert.equal(lfs.pointerSize, 133);
    assert.deepEqual((await info(BASE, '')).siblings[0], { rfilename: 'config.json' });
    assert.equal((await info(`${BASE}`, '')).sha, body.sha);
    assert.equal((await (await get(`/api/models/${BASE}/revision/${body.sha}`)).json()).sha, body.sha);
    const tree = await (await get(`/api/models/${BASE}/tree/main?recursive=true&expand=false`)).json();
    assert.deepEqual(tree.find((e) => e.path === 'model.safetensors').lfs, { oid: lfs.sha256, size: lfs.size, pointerSize: 133 });
    for (const repo of repos) assert.equal((await get(`/api/models/${repo}/revision/main`)).status, 200, repo);
    const legacy = await info('kqa-test/koelectra-bin-legacy');
    assert.ok(legacy.siblings.find((s) => s.rfilename === 'pytorch_model.bin').lfs);
    const pointer = (await info('kqa-test/lfs-pointer')).siblings.find((s) => s.rfilename === 'model.safetensors');
    assert.equal(pointer.lfs, undefined, 'the lfs-pointer repository holds the pointer as a plain git file');
    assert.equal((await info('kqa-test/no-weights')).siblings.length, 4);
  });

  test('resolve: 302 to the CDN for LFS files, whose bytes have the claimed sha256', async () => {
    const body = await info(BASE);
    const { lfs, blobId } = body.siblings.find((s) => s.rfilename === 'model.safetensors');
    const r = await get(`/${BASE}/resolve/main/model.safetensors`, { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), `${hub.cdnUrl}/repos/${BASE}/${lfs.sha256}?download=1`);
    assert.equal(r.headers.get('etag'), `"${blobId}"`);
    assert.equal(r.headers.get('x-linked-etag'), `"${lfs.sha256}"`);
    assert.equal(r.headers.get('x-linked-size'), String(lfs.size));
    assert.equal(r.headers.get('x-repo-commit'), body.sha);
    const bytes = Buffer.from(await (await get(`/${BASE}/resolve/${body.sha}/model.safetensors`)).arrayBuffer());
    assert.equal(bytes.length, lfs.size);
    assert.equal(sha256(bytes), lfs.sha256);
    const head = await fetch(r.headers.get('location'), { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), String(lfs.size));
    assert.equal(head.headers.get('etag'), `"${lfs.sha256}"`);
  });

  test('Range on both origins, plain files with their git ETag, raw LFS pointers', async () => {
    const { lfs } = (await info(BASE)).siblings.find((s) => s.rfilename === 'model.safetensors');
    const r = await get(`/${BASE}/resolve/main/model.safetensors`, { headers: { Range: 'bytes=0-0' } });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 0-0/${lfs.size}`);
    assert.equal((await r.arrayBuffer()).byteLength, 1);
    const vocab = readFileSync(join(ROOT, BASE, 'vocab.txt'));
    const v = await get(`/${BASE}/resolve/main/vocab.txt`, { headers: { Range: 'bytes=5-9' } });
    assert.equal(v.status, 206);
    assert.equal(v.headers.get('content-range'), `bytes 5-9/${vocab.length}`);
    assert.deepEqual(Buffer.from(await v.arrayBuffer()), vocab.subarray(5, 10));
    const whole = await get(`/${BASE}/resolve/main/vocab.txt`);
    assert.equal(whole.headers.get('etag'), `"${gitSha1(vocab)}"`);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('content-length'), String(vocab.length));
    const raw = await (await get(`/${BASE}/raw/main/model.safetensors`)).text();
    assert.equal(raw, `version https://git-lfs.github.com/spec/v1\noid sha256:${lfs.sha256}\nsize ${lfs.size}\n`);
    const plain = await get('/kqa-test/lfs-pointer/resolve/main/model.safetensors', { redirect: 'manual' });
    assert.equal(plain.status, 200);
    assert.equal(await plain.text(), raw);
  });

  test('errors: 401 RepoNotFound, 404 RevisionNotFound and EntryNotFound', async () => {
    for (const [path, status, code] of [
      ['/api/models/kqa-test/nope/revision/main', 401, 'RepoNotFound'],
      ['/kqa-test/nope/resolve/main/config.json', 401, 'RepoNotFound'],
      [`/api/models/${BASE}/revision/v9`, 404, 'RevisionNotFound'],
      [`/${BASE}/resolve/v9/config.json`, 404, 'RevisionNotFound'],
      [`/${BASE}/resolve/main/nope.json`, 404, 'EntryNotFound'],
      ['/kqa-test/no-weights/resolve/main/model.safetensors', 404, 'EntryNotFound'],
    ]) {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get('x-error-code'), code, path);
      assert.equal(r.headers.get('access-control-allow-origin'), '*', path);
    }
    assert.deepEqual(await (await get('/kqa-test/nope/resolve/main/config.json')).json(), { error: 'Repository not found' });
    assert.equal((await get(`/${BASE}/resolve/main/nope.json`)).headers.get('x-error-message'), 'Entry not found');
  });

  test('the API switched off answers 404 HTML; resolve still works', async () => {
    hub.setApi(false);
    let r = await get(`/api/models/${BASE}/revision/main`);
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /text\/html/);
    assert.equal((await get(`/${BASE}/resolve/main/config.json`)).status, 200);
    assert.deepEqual(await (await get('/__api?on=1', { method: 'POST' })).json(), { api: true });
    assert.equal((await get(`/api/models/${BASE}`)).status, 200);
  });

  test('CORS on every response and preflight; none on the no-cors repository', async () => {
    const pre = await get(`/${BASE}/resolve/main/config.json`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://page.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-methods'), /GET/);
    assert.equal(pre.headers.get('access-control-allow-headers'), 'range');
    const r = await get(`/${BASE}/resolve/main/model.safetensors`, { redirect: 'manual' });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers'), /X-Linked-Size.*X-Linked-ETag/);
    const c = await fetch(r.headers.get('location'), { method: 'HEAD' });
    assert.equal(c.headers.get('access-control-allow-origin'), '*');
    assert.equal(c.headers.get('access-control-expose-headers'), 'ETag,Content-Length,Content-Range,Accept-Ranges');
    const n = await get('/kqa-test/no-cors/resolve/main/model.safetensors', { redirect: 'manual' });
    assert.equal(n.headers.get('access-control-allow-origin'), null);
    assert.equal((await fetch(n.headers.get('location'), { method: 'HEAD' })).headers.get('access-control-allow-origin'), null);
  });

  test('faults: HTML weights, truncated body, wrong sha256, slow stream', async () => {
    const html = await get('/kqa-test/html-weights/resolve/main/model.safetensors');
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type'), /text\/html/);
    assert.match(await html.text(), /^<!doctype html>/);
    const cut = await get('/kqa-test/truncated/resolve/main/model.safetensors');
    assert.equal(cut.headers.get('content-length'), '54816976');
    await assert.rejects(cut.arrayBuffer());
    const { lfs } = (await info('kqa-test/bad-sha256')).siblings.find((s) => s.rfilename === 'model.safetensors');
    const bytes = Buffer.from(await (await get('/kqa-test/bad-sha256/resolve/main/model.safetensors')).arrayBuffer());
    assert.equal(bytes.length, lfs.size);
    assert.notEqual(sha256(bytes), lfs.sha256);
    assert.match(await (await get('/kqa-test/bad-sha256/raw/main/model.safetensors')).text(), new RegExp(lfs.sha256));
    const abort = new AbortController();
    const slow = await get('/kqa-test/slow/resolve/main/model.safetensors', { signal: abort.signal });
    const reader = slow.body.getReader();
    const t0 = Date.now();
    for (let got = 0; got < 4 * 65536; ) got += (await reader.read()).value.length;
    assert.ok(Date.now() - t0 >= 40, 'four 64 KiB chunks take at least 3 pauses of 20 ms');
    abort.abort();
  });

  test('request log, on the handle and at /__requests', async () => {
    hub.clearRequests();
    await get(`/${BASE}/resolve/main/model.safetensors`, { headers: { Range: 'bytes=0-0' } }).then((r) => r.arrayBuffer());
    const want = [
      { method: 'GET', origin: 'hub', path: `/${BASE}/resolve/main/model.safetensors`, range: 'bytes=0-0' },
      { method: 'GET', origin: 'cdn', path: hub.requests[1]?.path, range: 'bytes=0-0' },
    ];
    assert.match(hub.requests[1].path, /^\/repos\/kqa-test\/koelectra-safetensors\/[0-9a-f]{64}\?download=1$/);
    const strip = (rs) => rs.map(({ method, origin, path, range }) => ({ method, origin, path, range }));
    assert.deepEqual(strip(hub.requests), want);
    assert.deepEqual(strip(await (await get('/__requests')).json()), want);
    await get('/__requests', { method: 'DELETE' });
    assert.equal(hub.requests.length, 0);
  });

  test('CLI prints both origins on one line and serves', async () => {
    const cli = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url)), ROOT, '--no-api']);
    try {
      const line = await new Promise((resolve) => cli.stdout.once('data', (b) => resolve(String(b))));
      const m = /^hub (http:\/\/127\.0\.0\.1:\d+) cdn (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line);
      assert.ok(m, line);
      assert.equal((await fetch(`${m[1]}/api/models/${BASE}`)).status, 404);
      assert.equal((await fetch(`${m[1]}/${BASE}/resolve/main/config.json`)).status, 200);
    } finally {
      cli.kill();
    }
  });
});

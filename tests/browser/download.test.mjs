// What a visitor downloads: a browser without WebGPU (most visitors; headless Chromium without the
// unsafe-WebGPU flag has no adapter) fetches only a CPU module, never the WebGPU one, on a plain
// page (the page's CPU module) and on a cross-origin isolated one (the threaded module). The
// server's log is the record, so fetches from Workers count too. Prints the gzipped bytes fetched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PKG, harness, launch, startServer } from './common.mjs';

const WEBGPU_MODULE = '/pkg/webgpu/korean_qa_bg.wasm';
// The budget for a CPU visitor's wasm, gzipped.
const CPU_BUDGET = 2e6;
let partial; // the package without the WebGPU module's wasm, as a host that left it out would serve it

before(() => {
  partial = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-pkg-nowebgpu-'));
  for (const f of fs.readdirSync(PKG)) if (f !== 'webgpu') fs.symlinkSync(path.join(PKG, f), path.join(partial, f));
  // Its JS glue stays: index.js and worker.js import it (a few kB), the wasm is what is missing.
  fs.mkdirSync(path.join(partial, 'webgpu'));
  fs.symlinkSync(path.join(PKG, 'webgpu/korean_qa.js'), path.join(partial, 'webgpu/korean_qa.js'));
});
after(() => fs.rmSync(partial, { recursive: true, force: true }));

/** The .wasm files the server sent, with their gzipped sizes (level 9, as a static host would). */
function wasmSent(server) {
  return server
    .paths()
    .filter((p) => p.endsWith('.wasm') && server.count(p) > 0)
    .map((p) => ({ path: p, gzip: zlib.gzipSync(fs.readFileSync(path.join(PKG, p.replace(/^\/(pkg|partial)\//, ''))), { level: 9 }).length }));
}

for (const isolate of [false, true]) {
  test(`a visitor without WebGPU fetches one CPU module and never the WebGPU one (${isolate ? 'isolated: threads' : 'plain page'})`, async () => {
    const server = await startServer({}, { isolate });
    const { ctx } = await launch();
    try {
      const page = await harness(ctx, server);
      const got = await page.evaluate(async () => {
        const qa = await QaEngine.load({ model: '/bundle/' });
        const answers = await qa.answer('한글날은 언제인가?', '한글날은 해마다 10월 9일이다.');
        const r = { backend: qa.backend, reason: qa.backendReason, threads: qa.threads, simd: qa.simd, answers: answers.length };
        await qa.dispose();
        return r;
      });
      assert.deepEqual([got.backend, got.reason, got.answers], ['cpu', 'cpu: no WebGPU adapter', 1]);
      assert.equal(got.threads > 1, isolate, `threads: ${got.threads}`);
      const sent = wasmSent(server);
      const total = sent.reduce((a, f) => a + f.gzip, 0);
      console.log(`${isolate ? 'isolated' : 'plain'} page, no WebGPU: ${sent.map((f) => `${f.path} ${(f.gzip / 1e6).toFixed(2)} MB gz`).join(', ')}`);
      assert.equal(server.count(WEBGPU_MODULE), 0, 'the WebGPU module was fetched');
      assert.equal(sent.length, 1, sent.map((f) => f.path).join(', '));
      assert.match(sent[0].path, isolate ? /^\/pkg\/threads\// : /^\/pkg\/korean_qa_bg(\.relaxed)?\.wasm$/);
      assert.ok(total <= CPU_BUDGET, `${total} bytes of gzipped wasm`);
    } finally {
      await ctx.close();
      await server.close();
    }
  });
}

test('without the WebGPU module the CPU still runs; asking for WebGPU names the missing file', async () => {
  const server = await startServer({ '/partial/': partial });
  // SwiftShader: an adapter, so the plan sends `backend: 'webgpu'` on to the (missing) module.
  const { ctx } = await launch({ webgpu: true });
  try {
    const page = await harness(ctx, server);
    const got = await page.evaluate(async () => {
      const { QaEngine } = await import('/partial/index.js');
      const qa = await QaEngine.load({ model: '/bundle/' });
      const backend = qa.backend;
      await qa.dispose();
      const gpu = await QaEngine.load({ model: '/bundle/', backend: 'webgpu' }).then(
        () => 'loaded',
        (e) => `${e.code}: ${e.message}`,
      );
      return { backend, gpu };
    });
    assert.equal(got.backend, 'cpu');
    assert.match(got.gpu, /^MODEL_FETCH_FAILED: .*\/partial\/webgpu\/korean_qa_bg\.wasm/);
  } finally {
    await ctx.close();
    await server.close();
  }
});

// The WebGPU backend in the same Chromium, on SwiftShader here (--enable-unsafe-webgpu).
// SwiftShader computes on the CPU: about 30 s per 384-token window on a 2-core machine, so by
// default this compares the 3 shortest sample questions (1 with emoji, for the UTF-16 offsets) and
// every logits case but 2x384, and the backend choice on one sentence; KQA_WEBGPU_QUESTIONS=all runs
// all 52 (for a machine with a real GPU).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REFS, browserSample, harness, launch, nativeAnswers, startServer } from './common.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.close());

test('webgpu logits match onnxruntime within 1e-3 and top-1 spans match the CPU', async () => {
  const { ctx } = await launch({ webgpu: true });
  try {
    const page = await harness(ctx, server);
    const all = process.env.KQA_WEBGPU_QUESTIONS === 'all';
    const cases = JSON.parse(fs.readFileSync(path.join(REFS, 'logits.json'), 'utf8')).cases.filter(
      (c) => all || c.batch * c.seq < 768,
    );
    const byLength = browserSample().sort((a, b) => a.context.length - b.context.length);
    const sample = all
      ? byLength
      : [...byLength.filter((r) => !r.id.endsWith('-emoji')).slice(0, 2), ...byLength.filter((r) => r.id.endsWith('-emoji')).slice(0, 1)];
    const native = nativeAnswers(sample);

    const got = await page.evaluate(
      async ({ cases, rows }) => {
        const qa = await QaEngine.load({ model: '/bundle/', backend: 'webgpu' });
        const diffs = [];
        for (const c of cases) {
          const { start, end } = await qa.logits(c.batch, c.seq, c.input_ids, c.attention_mask, c.token_type_ids);
          let d = 0;
          start.forEach((v, i) => (d = Math.max(d, Math.abs(v - c.start_logits[i]))));
          end.forEach((v, i) => (d = Math.max(d, Math.abs(v - c.end_logits[i]))));
          diffs.push({ batch: c.batch, seq: c.seq, maxAbs: d });
        }
        const top1 = {};
        for (const r of rows) top1[r.id] = (await qa.answer(r.question, r.context))[0];
        return { backend: qa.backend, diffs, top1 };
      },
      { cases, rows: sample },
    );
    assert.equal(got.backend, 'webgpu');
    for (const d of got.diffs) {
      console.log(`webgpu ${d.batch}x${d.seq}: max |Δ| ${d.maxAbs.toExponential(2)}`);
      assert.ok(d.maxAbs <= 1e-3, JSON.stringify(d));
    }
    for (const r of sample) {
      const a = got.top1[r.id];
      const n = native[r.id][0];
      assert.deepEqual([a.start, a.end, a.text], [n.start, n.end, n.text], r.id);
      assert.equal(r.context.slice(a.start, a.end), a.text);
    }
  } finally {
    await ctx.close();
  }
});

test("'auto' never takes a software adapter nor fetches the WebGPU module; 'webgpu' still does and says so; both answer alike", async () => {
  const { ctx } = await launch({ webgpu: true });
  try {
    server.reset();
    const page = await harness(ctx, server);
    // One short window: this test is about which module runs, and the logits test above covers
    // the numbers; SwiftShader reads a whole sample context in tens of seconds per engine.
    const first = browserSample().sort((a, b) => a.context.length - b.context.length)[0];
    const row = { ...first, context: first.context.slice(0, 160) };
    const got = await page.evaluate(async (r) => {
      const info = (qa) => ({ backend: qa.backend, detail: qa.backendDetail, reason: qa.backendReason });
      const adapter = await navigator.gpu.requestAdapter();
      const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter;
      const auto = await QaEngine.load({ model: '/bundle/' });
      const a = await auto.answer(r.question, r.context);
      const wasmBeforeGpu = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm'));
      // Two WebGPU loads at once: each engine initialises its own device, neither fails.
      const [gpu, gpu2] = await Promise.all([0, 1].map(() => QaEngine.load({ model: '/bundle/', backend: 'webgpu' })));
      const g = await gpu.answer(r.question, r.context);
      const g2 = await gpu2.answer(r.question, r.context);
      const out = { fallback, auto: info(auto), gpu: info(gpu), gpu2: info(gpu2), a, g, g2, wasmBeforeGpu };
      await Promise.all([auto, gpu, gpu2].map((qa) => qa.dispose()));
      return out;
    }, row);
    assert.equal(got.fallback, true, 'SwiftShader is a fallback adapter');
    assert.equal(got.auto.backend, 'cpu');
    assert.ok(!got.wasmBeforeGpu.some((p) => p.includes('/webgpu/')), got.wasmBeforeGpu.join(', '));
    assert.equal(server.count('/pkg/webgpu/korean_qa_bg.wasm'), 1, "'webgpu' fetches the WebGPU module once");
    assert.match(got.auto.reason, /^cpu: software WebGPU adapter skipped \(.*swiftshader.*\)$/);
    assert.equal(got.gpu.backend, 'webgpu');
    assert.match(got.gpu.detail, /^webgpu \(software adapter: .*swiftshader.*\)$/);
    assert.equal(got.gpu.reason, 'webgpu: asked for');
    assert.deepEqual([got.g[0].start, got.g[0].end, got.g[0].text], [got.a[0].start, got.a[0].end, got.a[0].text]);
    assert.deepEqual(got.gpu2, got.gpu);
    assert.deepEqual(got.g2, got.g);
  } finally {
    await ctx.close();
  }
});

// Browser benchmark: prints numbers, never fails on time.
//   node tests/browser/bench.mjs [--runs 10] [--gpu-runs 3] [--no-webgpu] [--json out.json]
// Load time (cold, cached), per-question latency at 384 tokens on each CPU kernel and on WebGPU
// (SwiftShader here), and the wasm size raw and gzipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { CHROMIUM, PKG, harness, launch, startServer } from './common.mjs';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const RUNS = Number(opt('--runs', 10));
// SwiftShader (no GPU here) needs about 30 s per 384-token forward; on a real GPU pass --gpu-runs 10.
const GPU_RUNS = Number(opt('--gpu-runs', 3));

// A question and a context that fill one 384-token window.
const QUESTION = '도서관은 일주일에 며칠 문을 여는가?';
const CONTEXT = '우리 마을 작은 도서관은 2015년에 문을 열었다. 처음에는 책이 삼백 권뿐이었지만 지금은 오천 권이 넘는다. '.repeat(40);

async function measure(page, backend, cpuKernel, runs) {
  return page.evaluate(
    async ({ backend, cpuKernel, q, c, runs }) => {
      const t0 = performance.now();
      const qa = await QaEngine.load({ model: '/bundle/', backend, cpuKernel });
      const load = performance.now() - t0;
      const opts = { maxSeqLen: 384, topK: 1 };
      for (let i = 0; i < 2; i++) await qa.answer(q, c.slice(0, 2000), opts);
      const times = [];
      const ids = Array.from({ length: 384 }, (_, i) => (i === 0 ? 2 : 5 + ((i * 7919) % 31000)));
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await qa.logits(1, 384, ids, ids.map(() => 1), ids.map((_, i) => (i >= 32 ? 1 : 0)));
        times.push(performance.now() - t);
      }
      const qtimes = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await qa.answer(q, c.slice(0, 600), opts);
        qtimes.push(performance.now() - t);
      }
      const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
      const r = { backend: qa.backendDetail, fromCache: qa.fromCache, load, forward384: med(times), min: Math.min(...times), max: Math.max(...times), question: med(qtimes) };
      await qa.dispose();
      return r;
    },
    { backend, cpuKernel, q: QUESTION, c: CONTEXT, runs },
  );
}

const server = await startServer();
const rows = [];
const wasm = fs.readFileSync(path.join(PKG, 'korean_qa_bg.wasm'));
const version = execFileSync(CHROMIUM, ['--version']).toString().trim();
try {
  const configs = [
    ['cpu flex', 'cpu', 'flex', false],
    ['cpu ndarray', 'cpu', 'ndarray', false], // an error row unless built with KQA_WASM_FEATURES=web-ndarray
    ['webgpu', 'webgpu', undefined, true],
  ].filter(([, , , webgpu]) => !(webgpu && args.includes('--no-webgpu')));
  for (const [label, backend, kernel, webgpu] of configs) {
    const { ctx } = await launch({ webgpu });
    try {
      const page = await harness(ctx, server);
      await page.evaluate(() => QaEngine.clearCache());
      const runs = webgpu ? GPU_RUNS : RUNS;
      const cold = await measure(page, backend, kernel, 1);
      const warm = await measure(page, backend, kernel, runs);
      rows.push({ label, runs, ...warm, coldLoad: cold.load, cachedLoad: warm.load });
    } catch (e) {
      rows.push({ label, error: String(e.message ?? e).split('\n')[0] });
    } finally {
      await ctx.close();
    }
  }
} finally {
  await server.close();
}

console.log(`browser bench · ${version} · ${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores · 1 thread · median of ${RUNS} (webgpu: ${GPU_RUNS})`);
console.log(`wasm: ${(wasm.length / 1e6).toFixed(1)} MB raw, ${(zlib.gzipSync(wasm).length / 1e6).toFixed(1)} MB gzipped`);
console.log('backend          cold load  cached load  forward 1x384 (min-max)     question (short ctx)');
for (const r of rows) {
  if (r.error) {
    console.log(`${r.label.padEnd(16)} error: ${r.error}`);
    continue;
  }
  const f = (x) => `${x.toFixed(0)} ms`;
  console.log(
    `${r.label.padEnd(16)} ${f(r.coldLoad).padStart(9)}  ${f(r.cachedLoad).padStart(11)}  ${f(r.forward384).padStart(8)} (${r.min.toFixed(0)}-${r.max.toFixed(0)})`.padEnd(70) +
      ` ${f(r.question)}`,
  );
}
const out = opt('--json');
if (out) fs.writeFileSync(out, JSON.stringify({ version, wasmBytes: wasm.length, rows }, null, 2));

// Side-by-side browser bench: korean-qa against onnxruntime-web on the same model.onnx, the same
// token windows and the same Chromium. Prints a table, writes JSON and an SVG plot; never fails on time.
//
//   node tests/browser/bench.mjs --inputs inputs.json --onnx EXPORT_DIR/model.onnx
//        [--runs 20] [--gpu-runs 3] [--no-webgpu] [--json out.json] [--svg out.svg]
//
// Each row gets a fresh browser. Thread counts are equal: 1 thread on a plain page, and N threads
// (N = cores) on a cross-origin-isolated page (COOP/COEP), where wasm threads are allowed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { CHROMIUM, PKG, ROOT, harness, launch, startServer } from './common.mjs';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const RUNS = Number(opt('--runs', 20));
// SwiftShader (no GPU here) needs about 30 s per 384-token forward; on a real GPU pass --gpu-runs 20.
const GPU_RUNS = Number(opt('--gpu-runs', 3));
const WARMUP = 3;
const INPUTS = opt('--inputs') ? JSON.parse(fs.readFileSync(opt('--inputs'), 'utf8')) : [];
const ONNX = path.resolve(opt('--onnx', 'model.onnx'));
const ORT_DIST = path.join(ROOT, 'tests/browser/node_modules/onnxruntime-web/dist');
const CORES = os.cpus().length;

// Wasm memories never shrink, so their final size is the peak; this wraps every way a page can
// make one, for both engines alike.
function memoryHook() {
  const M = WebAssembly.Memory;
  const mems = new Set();
  const keep = (r) => {
    for (const v of Object.values((r.instance ?? r).exports ?? {})) if (v instanceof M) mems.add(v);
    return r;
  };
  WebAssembly.Memory = function Memory(d) {
    const m = new M(d);
    mems.add(m);
    return m;
  };
  WebAssembly.Memory.prototype = M.prototype;
  for (const k of ['instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[k];
    WebAssembly[k] = (...a) => f.apply(WebAssembly, a).then(keep);
  }
  window.wasmMemoryBytes = () => [...mems].reduce((s, m) => s + m.buffer.byteLength, 0);
}

async function row(cfg) {
  const server = await startServer({ '/ort/': ORT_DIST, '/onnx/': path.dirname(ONNX) }, { isolate: cfg.isolate });
  const { ctx } = await launch({ webgpu: cfg.backend === 'webgpu' });
  try {
    await ctx.addInitScript(memoryHook);
    const page = await harness(ctx, server);
    if (cfg.isolate && !(await page.evaluate(() => crossOriginIsolated))) throw new Error('page is not cross-origin isolated');
    const runs = cfg.backend === 'webgpu' ? GPU_RUNS : RUNS;
    const r = await page.evaluate(
      async ({ cfg, inputs, runs, warmup, onnx }) => {
        const m = await import('/harness/bench_engines.js');
        const r =
          cfg.engine === 'korean-qa'
            ? await m.koreanQa({ backend: cfg.backend, simd: cfg.simd, threads: cfg.threads, inputs, runs, warmup, model: '/bundle/' })
            : await m.ortWeb({ ep: cfg.backend, threads: cfg.threads, inputs, runs, warmup, modelUrl: `/onnx/${onnx}` });
        return { wasmMemory: window.wasmMemoryBytes(), wasmFiles: m.wasmFetched(), ...r };
      },
      { cfg, inputs: INPUTS, runs, warmup: WARMUP, onnx: path.basename(ONNX) },
    );
    return { ...cfg, ...r };
  } catch (e) {
    return { ...cfg, error: String(e.message ?? e).split('\n')[0] };
  } finally {
    await ctx.close();
    await server.close();
  }
}

function fileSizes(urlPath) {
  const file = urlPath.startsWith('/ort/') ? path.join(ORT_DIST, urlPath.slice(5)) : path.join(PKG, urlPath.replace(/^\/pkg\//, ''));
  const bytes = fs.readFileSync(file);
  return { file: path.basename(file), raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

/** A horizontal bar chart of the median forward latency, min–max as whiskers. */
function svg(rows, title) {
  const ok = rows.filter((r) => !r.error && r.backend !== 'webgpu');
  const W = 780, bar = 22, gap = 10, left = 290, top = 40;
  const H = top + ok.length * (bar + gap) + 30;
  const max = Math.max(...ok.map((r) => r.forward.max)) * 1.1;
  const x = (v) => left + (v / max) * (W - left - 70);
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const bars = ok.map((r, i) => {
    const y = top + i * (bar + gap);
    const fill = r.engine === 'korean-qa' ? '#2f6fde' : '#9a9a9a';
    return [
      `<text x="${left - 8}" y="${y + bar * 0.7}" text-anchor="end">${esc(label(r))}</text>`,
      `<rect x="${left}" y="${y}" width="${x(r.forward.median) - left}" height="${bar}" fill="${fill}"/>`,
      `<line x1="${x(r.forward.min)}" x2="${x(r.forward.max)}" y1="${y + bar / 2}" y2="${y + bar / 2}" stroke="#000"/>`,
      `<text x="${x(Math.max(r.forward.max, r.forward.median)) + 6}" y="${y + bar * 0.7}">${r.forward.median.toFixed(0)} ms</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/><text x="10" y="22" font-weight="bold">${esc(title)}</text>
${bars.join('\n')}
<text x="${left}" y="${H - 8}" fill="#555">median forward latency, 1×384 tokens (lower is better; line: min–max)</text>
</svg>
`;
}

const label = (r) => `${r.engine} ${r.backend}${r.simd ? ` ${r.simd}` : ''} · ${r.threads} thread${r.threads > 1 ? 's' : ''}${r.isolate ? ' (isolated)' : ''}`;

// simd: which of our two wasm builds (js/index.js); 'auto' picks relaxed where the browser has it.
const configs = [
  { engine: 'korean-qa', backend: 'cpu', simd: 'auto', threads: 1, isolate: false },
  { engine: 'korean-qa', backend: 'cpu', simd: 'baseline', threads: 1, isolate: false },
  { engine: 'onnxruntime-web', backend: 'wasm', threads: 1, isolate: false },
];
if (CORES > 1) {
  // Our threaded module (a Worker with a rayon pool) beside ORT's pthreads, N each.
  configs.push({ engine: 'korean-qa', backend: 'cpu', simd: 'auto', threads: CORES, isolate: true });
  configs.push({ engine: 'onnxruntime-web', backend: 'wasm', threads: CORES, isolate: true });
}
if (!args.includes('--no-webgpu')) {
  configs.push({ engine: 'korean-qa', backend: 'webgpu', simd: 'auto', threads: 1, isolate: false });
  configs.push({ engine: 'onnxruntime-web', backend: 'webgpu', threads: 1, isolate: false });
}

// --replot JSON: print the table and draw the plot of an earlier run, running nothing.
const earlier = opt('--replot') && JSON.parse(fs.readFileSync(opt('--replot'), 'utf8'));
const version = earlier?.chromium.replace(/ built on .*/, '') ?? execFileSync(CHROMIUM, ['--version']).toString().trim().replace(/ built on .*/, '');
const ortVersion = earlier?.ortVersion ?? JSON.parse(fs.readFileSync(path.join(ORT_DIST, '../package.json'), 'utf8')).version;
const rows = earlier?.rows ?? [];
for (const cfg of earlier ? [] : configs) {
  process.stderr.write(`bench: ${label(cfg)} …\n`);
  rows.push(await row(cfg));
}
for (const r of rows) if (r.wasmFiles) r.wasmSizes ??= r.wasmFiles.map(fileSizes);

// Ratio against ORT-web on the same backend kind with the most threads allowed on the same page.
const peer = (r) =>
  rows.find((o) => o.engine === 'onnxruntime-web' && !o.error && o.isolate === r.isolate && (o.backend === 'webgpu') === (r.backend === 'webgpu'));
const date = earlier?.date ?? new Date().toISOString().slice(0, 10);
const e = earlier ?? { cores: CORES, windows: INPUTS.length, runs: RUNS, gpuRuns: GPU_RUNS };
const head = `browser bench · ${date} · ${version} · ${e.cores} cores · onnxruntime-web ${ortVersion} · ${e.windows ?? 4} fixed 384-token windows · ${WARMUP} warm-up, median (min–max) of ${e.runs} (webgpu: ${e.gpuRuns})`;
console.log(head);
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
console.log('engine / backend / threads                    cold load  cached load  forward 1×384 (min–max)   vs ORT-web  peak wasm mem  wasm raw / gzip');
for (const r of rows) {
  if (r.error) {
    console.log(`${label(r).padEnd(44)} error: ${r.error}`);
    continue;
  }
  const p = peer(r);
  const ratio = p && r.engine !== p.engine ? `${(r.forward.median / p.forward.median).toFixed(2)}×` : '';
  const size = (r.wasmSizes ?? []).map((s) => `${mb(s.raw)} / ${mb(s.gzip)}`).join(', ');
  const f = (x) => `${x.toFixed(0)} ms`;
  console.log(
    `${label(r).padEnd(44)} ${f(r.coldLoad).padStart(9)}  ${f(r.cachedLoad).padStart(11)}  ${`${f(r.forward.median)} (${r.forward.min.toFixed(0)}–${r.forward.max.toFixed(0)})`.padEnd(24)}  ${ratio.padStart(10)}  ${mb(r.wasmMemory).padStart(13)}  ${size}`,
  );
}
for (const r of rows.filter((r) => r.question)) {
  console.log(`${label(r)}: whole question (tokenize + forward + decode) median ${r.question.median.toFixed(0)} ms`);
}
const json = opt('--json');
if (json) fs.writeFileSync(json, JSON.stringify({ date, chromium: version, cores: CORES, windows: INPUTS.length, ortVersion, runs: RUNS, gpuRuns: GPU_RUNS, warmup: WARMUP, rows }, null, 2));
const plot = opt('--svg');
if (plot) fs.writeFileSync(plot, svg(rows, `korean-qa vs onnxruntime-web ${ortVersion} · ${version} · ${e.cores} cores · ${date}`));

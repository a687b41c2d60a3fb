// Side-by-side browser bench: korean-qa against onnxruntime-web on the same export (fp32, and the
// q8 model transformers.js users run by default: scripts/quantize_q8.py), the same token windows
// and the same Chromium. Prints a table, writes JSON and an SVG plot; never fails on time.
//
//   node bench/bench.mjs --inputs inputs.json --onnx EXPORT_DIR/model.onnx
//        [--onnx-q8 Q8_DIR/model.onnx] [--bundles fp32=DIR,fp16=DIR,...]
//        [--runs 20] [--gpu-runs 3] [--no-webgpu] [--only REGEX] [--json out.json] [--svg out.svg]
//   node bench/bench.mjs --replot out.json [--markdown] [--readme README.md] [--svg out.svg]
//
// Each row gets a fresh browser. Thread counts are equal: 1 thread on a plain page, and N threads
// (N = cores) on a cross-origin-isolated page (COOP/COEP), where wasm threads are allowed. Our rows
// come one per bundle (`--bundles`, default fp32=$KQA_BUNDLE): another bundle, e.g. one that
// computes in int8, is one more `name=DIR`. `--markdown` prints the table as Markdown; `--readme`
// rewrites the README's table between its `<!-- bench:browser -->` markers from the JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { BUNDLE, CHROMIUM, PKG, ROOT, harness, launch, startServer } from '../tests/browser/common.mjs';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const RUNS = Number(opt('--runs', 20));
// SwiftShader (no GPU here) needs about 30 s per 384-token forward; on a real GPU pass --gpu-runs 20.
const GPU_RUNS = Number(opt('--gpu-runs', 3));
const WARMUP = 3;
const INPUTS = opt('--inputs') ? JSON.parse(fs.readFileSync(opt('--inputs'), 'utf8')) : [];
// ORT-web's models: name → model.onnx.
const ONNX = { fp32: path.resolve(opt('--onnx', 'model.onnx')) };
if (opt('--onnx-q8')) ONNX.q8 = path.resolve(opt('--onnx-q8'));
// Our bundles: name → directory.
const BUNDLE_DIRS = Object.fromEntries(
  (opt('--bundles') ?? `fp32=${BUNDLE}`).split(',').map((kv) => {
    const [name, dir] = kv.split('=');
    return [name, path.resolve(dir)];
  }),
);
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

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function row(cfg) {
  const mounts = { '/ort/': ORT_DIST, '/bench/': path.join(ROOT, 'bench') };
  if (cfg.model) mounts['/onnx/'] = path.dirname(ONNX[cfg.model]);
  if (cfg.bundle) mounts['/bundle/'] = BUNDLE_DIRS[cfg.bundle];
  const server = await startServer(mounts, { isolate: cfg.isolate });
  const { ctx } = await launch({ webgpu: cfg.backend === 'webgpu' });
  try {
    await ctx.addInitScript(memoryHook);
    const page = await harness(ctx, server);
    // The engine's own stage times of each whole question (crates/web/src/lib.rs logs them at debug level).
    const stages = [];
    page.on('console', (m) => {
      const x = /korean-qa: answer: tokenize and plan ([\d.]+) ms, \d+ windows in ([\d.]+) ms, decode ([\d.]+) ms, whole ([\d.]+) ms/.exec(m.text());
      if (x) stages.push(x.slice(1).map(Number));
    });
    if (cfg.isolate && !(await page.evaluate(() => crossOriginIsolated))) throw new Error('page is not cross-origin isolated');
    const runs = cfg.backend === 'webgpu' ? GPU_RUNS : RUNS;
    const r = await page.evaluate(
      async ({ cfg, inputs, runs, warmup, onnx }) => {
        const m = await import('/bench/bench_engines.js');
        const r =
          cfg.engine === 'korean-qa'
            ? await m.koreanQa({ backend: cfg.backend, simd: cfg.simd, threads: cfg.threads, inputs, runs, warmup, model: '/bundle/' })
            : await m.ortWeb({ ep: cfg.backend, threads: cfg.threads, inputs, runs, warmup, modelUrl: `/onnx/${onnx}` });
        return { wasmMemory: window.wasmMemoryBytes(), wasmFiles: m.wasmFetched(), ...r };
      },
      { cfg, inputs: INPUTS, runs, warmup: WARMUP, onnx: cfg.model && path.basename(ONNX[cfg.model]) },
    );
    const stage = (k) => median(stages.map((x) => x[k]));
    if (stages.length) r.stages = { plan: stage(0), forward: stage(1), decode: stage(2), whole: stage(3), questions: stages.length };
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
  return { file: urlPath.replace(/^\/(pkg|ort)\//, ''), raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

/** A horizontal bar chart of the median forward latency, min–max as whiskers. */
function svg(rows, title) {
  const ok = rows.filter((r) => !r.error && r.backend !== 'webgpu');
  const W = 780, bar = 22, gap = 10, left = 330, top = 40;
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

// Rows of earlier JSON files name no bundle or model: both were fp32 then.
const weights = (r) => (r.engine === 'korean-qa' ? (r.bundle ?? 'fp32') : (r.model ?? 'fp32'));
const label = (r) =>
  `${r.engine} ${weights(r)} ${r.backend}${r.simd ? ` ${r.simd}` : ''} · ${r.threads} thread${r.threads > 1 ? 's' : ''}${r.isolate ? ' (isolated)' : ''}`;

// Our rows, one set per bundle (simd 'auto' picks relaxed where the browser has it; the SIMD128
// build is timed for the first bundle only), then ORT-web's, one set per model.
const configs = [];
const bundles = Object.keys(BUNDLE_DIRS);
for (const bundle of bundles) {
  configs.push({ engine: 'korean-qa', bundle, backend: 'cpu', simd: 'auto', threads: 1, isolate: false });
  if (bundle === bundles[0]) configs.push({ engine: 'korean-qa', bundle, backend: 'cpu', simd: 'baseline', threads: 1, isolate: false });
}
for (const model of Object.keys(ONNX)) configs.push({ engine: 'onnxruntime-web', model, backend: 'wasm', threads: 1, isolate: false });
if (CORES > 1) {
  // Our threaded module (a Worker with a rayon pool) beside ORT's pthreads, N each.
  for (const bundle of bundles) configs.push({ engine: 'korean-qa', bundle, backend: 'cpu', simd: 'auto', threads: CORES, isolate: true });
  for (const model of Object.keys(ONNX)) configs.push({ engine: 'onnxruntime-web', model, backend: 'wasm', threads: CORES, isolate: true });
}
if (!args.includes('--no-webgpu')) {
  configs.push({ engine: 'korean-qa', bundle: bundles[0], backend: 'webgpu', simd: 'auto', threads: 1, isolate: false });
  configs.push({ engine: 'onnxruntime-web', model: 'fp32', backend: 'webgpu', threads: 1, isolate: false });
}

// --replot JSON: print the table and draw the plot of an earlier run, running nothing.
const earlier = opt('--replot') && JSON.parse(fs.readFileSync(opt('--replot'), 'utf8'));
const version = earlier?.chromium.replace(/ built on .*/, '') ?? execFileSync(CHROMIUM, ['--version']).toString().trim().replace(/ built on .*/, '');
const ortVersion = earlier?.ortVersion ?? JSON.parse(fs.readFileSync(path.join(ORT_DIST, '../package.json'), 'utf8')).version;
const rows = earlier?.rows ?? [];
// --only REGEX: the rows whose label matches (e.g. 'onnxruntime-web q8').
const only = opt('--only') && new RegExp(opt('--only'));
for (const cfg of earlier ? [] : configs.filter((c) => !only || only.test(label(c)))) {
  process.stderr.write(`bench: ${label(cfg)} …\n`);
  rows.push(await row(cfg));
}
for (const r of rows) if (r.wasmFiles) r.wasmSizes ??= r.wasmFiles.map(fileSizes);

// Ratios against ORT-web's `model` on the same backend kind and page (so the same thread count),
// on medians (the headline) and on minimums.
const peer = (r, model) =>
  rows.find(
    (o) => o.engine === 'onnxruntime-web' && !o.error && weights(o) === model && o.isolate === r.isolate && (o.backend === 'webgpu') === (r.backend === 'webgpu'),
  );
const ratios = (r, model) => {
  const p = peer(r, model);
  if (!p || r.engine === p.engine) return null;
  return { median: r.forward.median / p.forward.median, min: r.forward.min / p.forward.min };
};
const date = earlier?.date ?? new Date().toISOString().slice(0, 10);
const e = earlier ?? { cores: CORES, windows: INPUTS.length, runs: RUNS, gpuRuns: GPU_RUNS, load: os.loadavg() };
const models = [...new Set(rows.filter((r) => r.engine === 'onnxruntime-web').map(weights))];
const head = `browser bench · ${date} · ${version} · ${e.cores} cores${e.load ? ` (load ${e.load.map((l) => l.toFixed(2)).join(' ')} at the start)` : ''} · onnxruntime-web ${ortVersion} · ${e.windows ?? 4} fixed 384-token windows · ${WARMUP} warm-up, median (min–max) of ${e.runs} (webgpu: ${e.gpuRuns}); ratios on medians (headline) / minimums`;
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const ms = (x) => `${x.toFixed(0)} ms`;
const sum = (r, k) => (r.wasmSizes ?? []).reduce((a, s) => a + s[k], 0);
const cells = (r) => {
  if (r.error) return null;
  const ratio = (m) => {
    const x = ratios(r, m);
    return x ? `${x.median.toFixed(2)}× / ${x.min.toFixed(2)}×` : '';
  };
  return [
    label(r),
    ms(r.coldLoad),
    ms(r.cachedLoad),
    `${ms(r.forward.median)} (${r.forward.min.toFixed(0)}–${r.forward.max.toFixed(0)})`,
    r.question ? ms(r.question.median) : '—',
    ...models.map(ratio),
    mb(r.wasmMemory),
    r.wasmSizes ? `${mb(sum(r, 'raw'))} / ${mb(sum(r, 'gzip'))}` : '',
  ];
};
const columns = [
  'engine weights backend · threads',
  'cold load',
  'cached load',
  'forward 1×384 (min–max)',
  'whole question',
  ...models.map((m) => `vs ORT-web ${m} (median / min)`),
  'peak wasm mem',
  'wasm fetched raw / gzip',
];
console.log(head);
const widths = [44, 9, 11, 24, 14, ...models.map(() => 24), 13, 20];
console.log(columns.map((c, i) => c.padEnd(widths[i])).join('  '));
for (const r of rows) {
  const c = cells(r);
  console.log(c ? c.map((x, i) => x.padEnd(widths[i])).join('  ') : `${label(r).padEnd(44)}  error: ${r.error}`);
}
for (const r of rows.filter((r) => r.stages)) {
  const t = r.stages;
  console.log(`${label(r)}: inside the engine, median of ${t.questions} questions: tokenize and plan ${t.plan.toFixed(1)} ms, forward ${t.forward.toFixed(1)} ms, decode ${t.decode.toFixed(1)} ms, whole ${t.whole.toFixed(1)} ms`);
}
for (const r of rows.filter((r) => r.wasmSizes?.length)) console.log(`${label(r)}: fetched ${r.wasmSizes.map((s) => `${s.file} (${mb(s.gzip)} gz)`).join(', ')}`);

/** The table as Markdown, with the command that made it. */
function markdown() {
  const line = (c) => `| ${c.join(' | ')} |`;
  const body = rows.map((r) => cells(r) ?? [label(r), `error: ${r.error}`, ...columns.slice(2).map(() => '')]);
  return [
    `${head.replace(/^browser bench · /, 'Measured ')}.`,
    '',
    line(columns),
    line(columns.map(() => '---')),
    ...body.map(line),
  ].join('\n');
}
if (args.includes('--markdown')) console.log(`\n${markdown()}`);
const readme = opt('--readme');
if (readme) {
  const text = fs.readFileSync(readme, 'utf8');
  const re = /(<!-- bench:browser -->\n)[\s\S]*?(<!-- \/bench:browser -->)/;
  if (!re.test(text)) throw new Error(`${readme} has no <!-- bench:browser --> … <!-- /bench:browser --> block`);
  const src = opt('--replot') ? path.relative(path.dirname(path.resolve(readme)), path.resolve(opt('--replot'))) : 'the run above';
  fs.writeFileSync(readme, text.replace(re, (_, a, b) => `${a}${markdown()}\n\nGenerated from \`${src}\` by \`node bench/bench.mjs --replot ${src} --readme README.md\`.\n${b}`));
}
const json = opt('--json');
if (json) fs.writeFileSync(json, JSON.stringify({ date, chromium: version, cores: CORES, load: e.load, windows: INPUTS.length, ortVersion, runs: RUNS, gpuRuns: GPU_RUNS, warmup: WARMUP, rows }, null, 2));
const plot = opt('--svg');
if (plot) fs.writeFileSync(plot, svg(rows, `korean-qa vs onnxruntime-web ${ortVersion} · ${version} · ${e.cores} cores · ${date}`));

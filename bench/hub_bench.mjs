// The hub source's cold and cached load in Chromium, one thread, against the stand-in hub
// (tests/hub/server.mjs) serving the random checkpoint laid out as the published repository
// (a legacy pytorch_model.bin, as monologg's is). Each cold run is a fresh browser profile.
//
//   node bench/hub_bench.mjs [--runs 3] [--json out.json]
//
// Per precision (fp32, int8) it prints the medians of:
//   download  load() start → the last weights progress event (the file fully received);
//   convert   the Worker's own figure for checkpoint → bundle ("converted to … in … ms"): the
//             tensor mapping, and for int8 the quantisation as well (so int8 − fp32 ≈ quantisation);
//   build     the engine's model build from the converted bundle, in the converting Worker;
//   reload    a fresh Worker loading the bundle just cached (the package does this so that the
//             conversion's memory goes with the converting Worker; js/threads.js);
//   answer    the first answer after load();
//   memory    the converting Worker's wasm memory (its high-water mark, since wasm memory never
//             shrinks), and the engine's after the first answer;
// then a second load of the same model in the same profile (from the cache, no weight request),
// and the local int8 bundle loaded cold, as the engine's own figure without a conversion.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, harness, launch, startServer } from '../tests/browser/common.mjs';
import { startHub } from '../tests/hub/server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 3));
const JSON_OUT = arg('json');
const REPOS = path.resolve(ROOT, process.env.KQA_HUB_REPOS ?? 'models/hub');
const BUNDLES = path.resolve(ROOT, process.env.KQA_BUNDLES ?? 'models/bundles');
const MODEL = 'hf:monologg/koelectra-small-v2-distilled-korquad-384';
const QUESTION = '훈민정음은 언제 반포되었나?';
const CONTEXT = '훈민정음은 1443년에 창제되어 1446년에 반포되었다. 세종대왕이 만들었다.';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};

/** In the page: one load with timings, the first answer, memory; then the same load again. */
const pageRun = async ({ model, hubUrl, precision, again, question, context }) => {
  const marks = { weights: 0 };
  const t0 = performance.now();
  const onProgress = (p) => {
    if (/\.(bin|safetensors|bpk)$/.test(p.file) && p.loaded === p.total && !p.cached) marks.weights = performance.now() - t0;
  };
  const qa = await QaEngine.load({ model, hubUrl, precision, backend: 'cpu', threads: 1, onProgress });
  const loaded = performance.now() - t0;
  await qa.answer(question, context);
  const answered = performance.now() - t0;
  const out = { loaded, weights: marks.weights, answered, memory: await qa.wasmMemoryBytes(), fromCache: qa.fromCache, precision: qa.precision };
  await qa.dispose();
  if (again) {
    const t1 = performance.now();
    const warm = await QaEngine.load({ model, hubUrl, precision, backend: 'cpu', threads: 1 });
    out.cached = { loaded: performance.now() - t1, fromCache: warm.fromCache, memory: await warm.wasmMemoryBytes() };
    await warm.dispose();
  }
  return out;
};

async function cold(server, hub, { model, precision, again }) {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const converted = [];
    const reloads = [];
    page.on('console', (m) => {
      const hit = /converted to (\w+) in (\d+) ms/.exec(m.text());
      if (hit) converted.push(Number(hit[2]));
      const fresh = /converted in a worker of ([\d.]+) MiB; .* in (\d+) ms/.exec(m.text());
      if (fresh) reloads.push({ peak: Number(fresh[1]) * 2 ** 20, ms: Number(fresh[2]) });
    });
    if (hub) hub.requests.length = 0;
    const r = await page.evaluate(pageRun, { model, hubUrl: hub?.url, precision, again, question: QUESTION, context: CONTEXT });
    r.convert = converted[0] ?? NaN;
    r.peak = reloads[0]?.peak ?? r.memory; // the converting Worker's memory, before a fresh one took over
    r.reload = reloads[0]?.ms ?? 0;
    if (hub && again) {
      r.cached.weightRequests = hub.requests.filter((q) => q.origin === 'cdn').length - 1;
    }
    return r;
  } finally {
    await ctx.close();
  }
}

const hub = await startHub({ root: REPOS });
const server = await startServer({ '/bundles/': BUNDLES });
const results = { date: new Date().toISOString().slice(0, 10), runs: RUNS, hub: {}, bundle: null };
try {
  for (const precision of ['fp32', 'int8']) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await cold(server, hub, { model: MODEL, precision, again: i === 0 }));
    results.hub[precision] = runs;
    const m = (f) => median(runs.map(f));
    console.log(
      `${MODEL} @ ${precision}, cold (median of ${RUNS}): download ${m((r) => r.weights).toFixed(0)} ms, ` +
        `convert ${m((r) => r.convert).toFixed(0)} ms, build ${m((r) => r.loaded - r.weights - r.convert - r.reload).toFixed(0)} ms, ` +
        `reload in a fresh worker ${m((r) => r.reload).toFixed(0)} ms, ` +
        `load ${m((r) => r.loaded).toFixed(0)} ms, first answer at ${m((r) => r.answered).toFixed(0)} ms, ` +
        `wasm memory: peak ${(m((r) => r.peak) / 2 ** 20).toFixed(1)} MiB while converting, ${(m((r) => r.memory) / 2 ** 20).toFixed(1)} MiB after`,
    );
    const c = runs[0].cached;
    console.log(
      `${MODEL} @ ${precision}, cached second load: ${c.loaded.toFixed(0)} ms (fromCache ${c.fromCache}, ` +
        `${c.weightRequests} weight requests), wasm memory ${(c.memory / 2 ** 20).toFixed(1)} MiB`,
    );
  }
  const local = [];
  for (let i = 0; i < RUNS; i++) local.push(await cold(server, null, { model: '/bundles/int8/', again: false }));
  results.bundle = local;
  console.log(
    `local int8 bundle, cold (median of ${RUNS}): download ${median(local.map((r) => r.weights)).toFixed(0)} ms, ` +
      `load ${median(local.map((r) => r.loaded)).toFixed(0)} ms, wasm memory ${(median(local.map((r) => r.memory)) / 2 ** 20).toFixed(1)} MiB`,
  );
  const conv = (p) => median(results.hub[p].map((r) => r.convert));
  console.log(`quantisation ≈ int8 − fp32 conversion: ${(conv('int8') - conv('fp32')).toFixed(0)} ms`);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
} finally {
  await hub.close();
  await server.close();
}

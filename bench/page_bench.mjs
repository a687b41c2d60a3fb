// Page bench in Chromium: KorQuAD dev questions against their whole article (paragraphs joined with
// '\n'), as the extension asks about the page a person reads. Times to the first partial answer
// and to the final one, default reader and exhaustive, at 1 thread (plain page) and every core
// (cross-origin isolated page), and the page's long tasks meanwhile. Numbers only; never fails on time.
//
//   node bench/page_bench.mjs [--articles 10] [--exhaustive 3] [--json out.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, harness, launch, startServer } from '../tests/browser/common.mjs';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const N = Number(opt('--articles', 10));
const EXHAUSTIVE = Number(opt('--exhaustive', 3)); // exhaustive reads of the longest articles (slow)
const DATA = path.resolve(ROOT, process.env.KQA_DATA ?? '../shared/data');
const CORES = Math.min(8, os.cpus().length);

const dev = JSON.parse(fs.readFileSync(path.join(DATA, 'korquad/KorQuAD_v1.0_dev.json'), 'utf8'));
const arts = dev.data
  .map((a) => ({ title: a.title, question: a.paragraphs[0].qas[0].question, context: a.paragraphs.map((p) => p.context).join('\n') }))
  .sort((a, b) => a.context.length - b.context.length);
const picked = [...arts.slice(-N).reverse(), arts[Math.floor(arts.length / 2)]];

async function run({ isolate, threads }) {
  const server = await startServer({}, { isolate });
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    return await page.evaluate(
      async ({ picked, threads, exhaustive }) => {
        const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads });
        const long = [];
        new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
        const ask = async (a, more) => {
          let first = null;
          let windows = 0;
          const t0 = performance.now();
          await qa.answer(a.question, a.context, {
            ...more,
            onPartial: () => (first ??= performance.now() - t0),
            onProgress: (p) => (windows = p.windows),
          });
          return { first, total: performance.now() - t0, windows };
        };
        await ask(picked.at(-1), {}); // warm-up
        const rows = [];
        for (const [i, a] of picked.entries()) {
          const d = await ask(a, {});
          const e = i < exhaustive ? await ask(a, { exhaustive: true }) : null;
          rows.push({ title: a.title, chars: a.context.length, windows: d.windows, first: d.first, total: d.total, exhaustive: e?.total ?? null });
        }
        const info = { threads: qa.threads, detail: qa.backendDetail };
        await qa.dispose();
        return { info, rows, longTasks: long.length, longestTask: Math.max(0, ...long) };
      },
      { picked, threads, exhaustive: EXHAUSTIVE },
    );
  } finally {
    await ctx.close();
    await server.close();
  }
}

const out = { date: new Date().toISOString(), runs: [] };
for (const cfg of [{ isolate: false, threads: 1 }, { isolate: true, threads: CORES }]) {
  const r = await run(cfg);
  out.runs.push(r);
  console.log(`\n${r.info.detail}: ${r.longTasks} long tasks on the page (longest ${r.longestTask.toFixed(0)} ms)`);
  console.log('article            chars  windows  first ms  final ms  exhaustive ms');
  for (const x of r.rows) {
    const ex = x.exhaustive == null ? '' : x.exhaustive.toFixed(0);
    console.log(`${x.title.slice(0, 14).padEnd(15)} ${String(x.chars).padStart(7)} ${String(x.windows).padStart(8)} ${x.first.toFixed(0).padStart(9)} ${x.total.toFixed(0).padStart(9)} ${ex.padStart(14)}`);
  }
}
if (opt('--json')) fs.writeFileSync(opt('--json'), JSON.stringify(out, null, 1) + '\n');

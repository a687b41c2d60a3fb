// Side-by-side timer for two or more builds of the package (one thread, the fp32 bundle): each round
// loads each package in a fresh browser and prints the median (min-max) of 20 forwards after 3
// warm-ups. Alternate rounds are how this machine's drift is told from a change. `--threads N`
// serves the page cross-origin isolated and loads the threaded engine with N threads.
//   node bench/ab.mjs artifacts/bench/inputs.json pkgA/ pkgB/ [rounds] [--threads N]
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, harness, launch, startServer } from '../tests/browser/common.mjs';
const args = process.argv.slice(2);
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args.splice(threadsAt, 2)[1]) : 1;
const [inputsFile, ...rest] = args;
const rounds = Number(rest.find((x) => /^\d+$/.test(x)) ?? 2);
const pkgs = rest.filter((x) => !/^\d+$/.test(x));
const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
for (let r = 0; r < rounds; r++) for (const pkg of pkgs) {
  const server = await startServer({ '/pkg/': path.resolve(pkg), '/bench/': path.join(ROOT, 'bench') }, { isolate: threads > 1 });
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const t = await page.evaluate(async ([inputs, threads]) => {
      const { summary, timed } = await import('/bench/bench_engines.js');
      const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads });
      const forward = (i) => {
        const x = inputs[i % inputs.length];
        return qa.logits(1, 384, x.input_ids, x.input_ids.map(() => 1), x.token_type_ids);
      };
      await timed(3, forward);
      const times = summary(await timed(20, forward));
      await qa.dispose();
      return times;
    }, [inputs, threads]);
    console.log(pkg.padEnd(30), `median ${t.median.toFixed(1)} ms (${t.min.toFixed(1)}-${t.max.toFixed(1)})`);
  } finally { await ctx.close(); await server.close(); }
}

// Where the CPU forward spends its time: samples one engine in Chromium's profiler and prints the
// functions with the most self time. Needs a package with a name section:
//   wasm-bindgen … (without --remove-name-section) and KQA_PKG pointing at it.
//   node bench/profile.mjs --inputs inputs.json [--runs 10] [--top 40] [--load]
// --load samples a cached load (the second QaEngine.load of the page) instead of forwards.
import fs from 'node:fs';
import { harness, launch, startServer } from '../tests/browser/common.mjs';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const inputs = JSON.parse(fs.readFileSync(opt('--inputs'), 'utf8'));
const server = await startServer();
const { ctx } = await launch();
try {
  const page = await harness(ctx, server);
  await page.evaluate(async (inputs) => {
    window.qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
    window.inputs = inputs;
    const x = inputs[0];
    await qa.logits(1, 384, x.input_ids, x.input_ids.map(() => 1), x.token_type_ids);
  }, inputs);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const load = args.includes('--load');
  const ms = await page.evaluate(async ([runs, load]) => {
    const t = performance.now();
    if (load) {
      await qa.dispose();
      window.qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu' });
      return performance.now() - t;
    }
    for (let i = 0; i < runs; i++) {
      const x = inputs[i % inputs.length];
      await qa.logits(1, 384, x.input_ids, x.input_ids.map(() => 1), x.token_type_ids);
    }
    return (performance.now() - t) / runs;
  }, [Number(opt('--runs', 10)), load]);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
    self.set(name, (self.get(name) ?? 0) + (dt[i + 1] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${ms.toFixed(0)} ms ${load ? 'for a cached load' : 'per forward'}; self time by function:`);
  for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(opt('--top', 40)))) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${name.slice(0, 150)}`);
  }
} finally {
  await ctx.close();
  await server.close();
}

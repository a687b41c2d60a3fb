// Where the CPU forward (or, with --load, a cached load) spends its time inside the engine's
// Worker, where every engine runs: Chromium's sampling profiler attached to that Worker through
// puppeteer-core, self time by function. One thread, the relaxed-SIMD module. Function names need
// a package whose wasm keeps its name section: `KQA_WASM_NAMES=1 ./build.sh package`.
//   KQA_PKG=pkg node bench/profile.mjs --inputs inputs.json [--runs 10] [--top 40] [--load]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BASE_FLAGS, CHROMIUM, startServer } from '../tests/browser/common.mjs';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const puppeteer = require('puppeteer-core');
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const inputs = JSON.parse(fs.readFileSync(opt('--inputs'), 'utf8'));
const runs = Number(opt('--runs', 10));
const server = await startServer();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-prof-'));
const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, userDataDir: dir, args: BASE_FLAGS });
try {
  const page = await browser.newPage();
  const load = args.includes('--load');
  const engine = { model: '/bundle/', backend: 'cpu', threads: 1, simd: 'relaxed' };
  // Each engine's Worker, profiled from its start when --load asks for the second load.
  let profiling = false;
  const started = [];
  page.on('workercreated', (w) => {
    started.push(
      profiling
        ? (async () => {
            await w.client.send('Profiler.enable');
            await w.client.send('Profiler.setSamplingInterval', { interval: 200 });
            await w.client.send('Profiler.start');
            return w;
          })()
        : Promise.resolve(w),
    );
  });
  await page.goto(`${server.url}/harness/harness.html`);
  await page.waitForFunction(() => window.harnessReady === true);
  await page.evaluate(async ([inputs, engine]) => {
    window.qa = await QaEngine.load(engine);
    window.inputs = inputs;
    const x = inputs[0];
    await qa.logits(1, 384, x.input_ids, x.input_ids.map(() => 1), x.token_type_ids);
  }, [inputs, engine]);
  if (started.length !== 1) throw new Error(`expected the engine's one Worker, saw ${started.length}`);
  let cdp;
  let ms;
  if (load) {
    // A second load of the same bundle: the weights come from IndexedDB.
    await page.evaluate(() => qa.dispose());
    profiling = true;
    const t = Date.now();
    await page.evaluate((engine) => QaEngine.load(engine).then((e) => (window.qa = e)), engine);
    ms = Date.now() - t;
    cdp = (await started[1]).client;
  } else {
    cdp = (await started[0]).client;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    ms = await page.evaluate(async (runs) => {
      const t = performance.now();
      for (let i = 0; i < runs; i++) {
        const x = inputs[i % inputs.length];
        await qa.logits(1, 384, x.input_ids, x.input_ids.map(() => 1), x.token_type_ids);
      }
      return (performance.now() - t) / runs;
    }, runs);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${ms.toFixed(0)} ms ${load ? 'for a cached load' : 'per forward'}; self time by function:`);
  for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(opt('--top', 40)))) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${name.slice(0, 150)}`);
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await server.close();
}

// Loads the plain and relaxed kernel modules in one headless Chromium page and prints GFLOP/s per
// kernel (best of three rounds of 300 products of 192×60×256).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

// playwright-core as the browser tests install it (tests/browser/node_modules).
const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(path.join(here, '../../tests/browser/'))('playwright-core');

const dir = process.argv[2];
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kernel bench</title>');
const server = await serve({ '/k/': dir });
const browser = await chromium.launch({ executablePath: process.env.KQA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/k/index.html`);
  const rows = {};
  for (const build of ['plain', 'relaxed']) {
    const r = await page.evaluate(async (url) => {
      const { instance } = await WebAssembly.instantiateStreaming(fetch(url));
      const e = instance.exports;
      const names = new TextDecoder().decode(new Uint8Array(e.memory.buffer, e.names(), e.names_len())).trim().split(' ');
      const [m, n, k, reps] = [192, 60, 256, 300];
      const a = e.alloc(m * k), b = e.alloc(k * n), c = e.alloc(m * n);
      const mem = new Float32Array(e.memory.buffer);
      for (let i = 0; i < m * k; i++) mem[a / 4 + i] = Math.random();
      for (let i = 0; i < k * n; i++) mem[b / 4 + i] = Math.random();
      const best = {};
      for (let round = 0; round < 3; round++) {
        names.forEach((name, id) => {
          for (let i = 0; i < 20; i++) e.run(id, m, n, k, a, b, c);
          const t = performance.now();
          for (let i = 0; i < reps; i++) e.run(id, m, n, k, a, b, c);
          const gflops = (2 * m * n * k * reps) / ((performance.now() - t) / 1000) / 1e9;
          best[name] = Math.max(best[name] ?? 0, gflops);
        });
      }
      return best;
    }, `/k/${build}.wasm`);
    for (const [name, g] of Object.entries(r)) (rows[name] ??= {})[build] = g;
  }
  const version = browser.version();
  console.log(`Chromium ${version}; GFLOP/s, best of 3 rounds (192x60x256 products)`);
  console.log('kernel'.padEnd(20), 'plain'.padStart(8), 'relaxed'.padStart(8));
  for (const [name, g] of Object.entries(rows)) console.log(name.padEnd(20), g.plain.toFixed(1).padStart(8), g.relaxed.toFixed(1).padStart(8));
} finally {
  await browser.close();
  await server.close();
}

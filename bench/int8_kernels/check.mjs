// Runs the SIMD128 and relaxed-SIMD builds in headless Chromium and the native build here; prints
// mismatches (must be 0), the product hash (must be one value for all three) and kernel throughput.
// Usage: node check.mjs  (after the three builds in README.md; playwright-core from tests/browser)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../../tests/browser/node_modules/playwright-core/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const wasm = (v) => path.join(here, `target-${v}/wasm32-unknown-unknown/release/int8_kernels_check.wasm`);
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-int8-')), {
  executablePath: process.env.KQA_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
const out = {};
for (const v of ['baseline', 'relaxed']) {
  out[v] = await page.evaluate(async (bytes) => {
    const { instance: { exports: e } } = await WebAssembly.instantiate(new Uint8Array(bytes), {});
    e.bench(1);
    const reps = 10, t = performance.now();
    e.bench(reps);
    const ms = (performance.now() - t) / reps;
    return { mismatches: e.mismatches(), hash: BigInt.asUintN(64, e.product_hash()).toString(16), ms_384x256x1024: ms, gmacs: (384 * 256 * 1024) / ms / 1e6 };
  }, [...fs.readFileSync(wasm(v))]);
}
await ctx.close();
out.native = JSON.parse(execFileSync(path.join(here, 'target/release/examples/native')).toString());
console.log(JSON.stringify(out, null, 1));
const hashes = new Set(Object.values(out).map((r) => r.hash));
const bad = Object.values(out).some((r) => r.mismatches !== 0) || hashes.size !== 1;
process.exit(bad ? 1 : 0);

// The relaxed-SIMD probe in js/index.js, where Chromium cannot show its negative case: Node 20's V8
// has relaxed SIMD only behind a flag, so the same probe must say false without it and true with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PKG } from './common.mjs';

const probe = (flags) =>
  execFileSync(process.execPath, [
    ...flags,
    '--input-type=module',
    '-e',
    `import { hasRelaxedSimd } from ${JSON.stringify(path.resolve(PKG, 'index.js'))}; console.log(hasRelaxedSimd());`,
  ])
    .toString()
    .trim();

test('hasRelaxedSimd: false where the engine lacks relaxed SIMD, true where it has it', (t) => {
  // V8 shipped relaxed SIMD unflagged in 11.4 (Chromium 114); Node 20's V8 11.3 has it behind a flag.
  const [major, minor] = process.versions.v8.split('.').map(Number);
  if (major !== 11 || minor !== 3) return t.skip(`V8 ${process.versions.v8}: the flagged/unflagged pair is V8 11.3's`);
  assert.equal(probe(['--experimental-wasm-relaxed-simd']), 'true');
  assert.equal(probe([]), 'false');
});

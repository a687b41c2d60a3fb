// The typings (js/index.d.ts) against the code, read as text (no browser, no build):
// - `ErrorCode` is exactly the codes a browser caller can get: the Rust error codes
//   (src/error.rs, crates/web/src/error.rs) but the native-only ones, and those the JS layer sets itself;
// - QaEngine's info fields (js/protocol.js's INFO_FIELDS) are declared readonly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { INFO_FIELDS } from '../../js/protocol.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const typings = read('js/index.d.ts');

// Codes that only native code can produce (the next-but-one test checks it): the ONNX import is
// the import tool's (crates/import, used by the CLI only), and file reads go through QaError::io, not on wasm.
const NATIVE_ONLY = ['IMPORT_FAILED', 'IO_ERROR'];

/** The codes of a Rust file's `fn code()` arms: `Variant… => "CODE"`. */
function rustCodes(file) {
  const src = read(file);
  const body = src.slice(src.indexOf('fn code(&self)'));
  const codes = [...body.slice(0, body.indexOf('\n    }\n')).matchAll(/=> "([A-Z_]+)"/g)].map((m) => m[1]);
  assert.ok(codes.length > 0, `no error codes found in ${file}`);
  return codes;
}

/** The codes the JS layer sets or tests itself: every upper-case string literal in js/. */
function jsCodes() {
  const codes = [];
  for (const f of fs.readdirSync(path.join(ROOT, 'js')).filter((f) => f.endsWith('.js'))) {
    for (const m of read(`js/${f}`).matchAll(/'([A-Z][A-Z_]{3,})'/g)) codes.push(m[1]);
  }
  return codes;
}

function declaredCodes() {
  const union = typings.match(/export type ErrorCode =([^;]+);/);
  assert.ok(union, 'js/index.d.ts declares no `ErrorCode` union');
  return [...union[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
}

const sorted = (xs) => [...new Set(xs)].sort();

test('ErrorCode in js/index.d.ts is every code a browser caller can get, and no other', () => {
  const rust = [...rustCodes('src/error.rs'), ...rustCodes('crates/web/src/error.rs')];
  for (const code of NATIVE_ONLY) assert.ok(rust.includes(code), `${code} is listed as native-only but Rust has no such code`);
  const want = sorted([...rust, ...jsCodes()].filter((c) => !NATIVE_ONLY.includes(c)));
  assert.ok(want.includes('INTERNAL_ERROR'), 'the JS layer should map a trap to INTERNAL_ERROR');
  assert.deepEqual(sorted(declaredCodes()), want);
});

test('the native-only codes are raised only outside the wasm build', () => {
  // IMPORT_FAILED: QaError::Import is built in crates/import only; IO_ERROR: QaError::io is
  // #[cfg(not(target_family = "wasm"))] and QaError::Io is built nowhere else.
  const files = (dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true }).filter((f) => f.endsWith('.rs')).map((f) => path.join(dir, f));
  for (const f of files('crates/web/src')) assert.doesNotMatch(read(f), /QaError::(Import|Io)\b|QaError::io\(/, `${f} raises a native-only error`);
  for (const f of files('src').filter((f) => f !== path.join('src', 'error.rs'))) {
    assert.doesNotMatch(read(f), /QaError::Import\(/, `${f} raises IMPORT_FAILED outside the import`);
  }
  assert.match(read('src/error.rs'), /#\[cfg\(not\(target_family = "wasm"\)\)\]\s*pub fn io\(/);
});

test("QaEngine's info fields are declared readonly in js/index.d.ts", () => {
  const engine = typings.slice(typings.indexOf('export declare class QaEngine'));
  for (const k of INFO_FIELDS) assert.match(engine, new RegExp(`^\\s*readonly ${k}:`, 'm'), `QaEngine.${k} is not declared`);
});

test('cpuKernel, a comparison knob, is not in the public typings', () => {
  assert.doesNotMatch(typings, /cpuKernel/);
});

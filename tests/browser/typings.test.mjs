// The typings against the code. The data types are generated from the Rust structs (tsify, into
// the package's korean_qa.d.ts); js/index.d.ts adds the JavaScript-only parts. Here:
// - the generated `ErrorCode` holds every code the JS layer sets or tests, and no native-only one;
// - QaEngine's info fields (js/protocol.js's INFO_FIELDS) are declared readonly;
// - the published .d.ts compiles under `strict` against a consumer that uses every option, and
//   refuses what a caller gets wrong (a wrong type, an unknown key, a misspelt backend).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { INFO_FIELDS } from '../../js/protocol.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = path.resolve(ROOT, process.env.KQA_PKG ?? 'pkg');
const read = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const typings = read('js/index.d.ts');
const generated = () => fs.readFileSync(path.join(PKG, 'korean_qa.d.ts'), 'utf8');

// Codes that only native code can produce (the next test checks it): the ONNX import is the
// import tool's (crates/import, used by the CLI only), and file reads go through QaError::io, not on wasm.
const NATIVE_ONLY = ['IMPORT_FAILED', 'IO_ERROR'];

/** The codes the JS layer sets or tests itself: every upper-case string literal in js/. */
function jsCodes() {
  const codes = [];
  for (const f of fs.readdirSync(path.join(ROOT, 'js')).filter((f) => f.endsWith('.js'))) {
    for (const m of read(`js/${f}`).matchAll(/'([A-Z][A-Z_]{3,})'/g)) codes.push(m[1]);
  }
  return codes;
}

test('the generated ErrorCode holds every code the JS layer uses, and no native-only one', () => {
  const union = generated().match(/export type ErrorCode =([^;]+);/);
  assert.ok(union, 'korean_qa.d.ts declares no `ErrorCode` (tsify on src/error.rs)');
  const declared = [...union[1].matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]);
  for (const code of jsCodes()) assert.ok(declared.includes(code), `js/ uses ${code}, which ErrorCode lacks`);
  for (const code of NATIVE_ONLY) assert.ok(!declared.includes(code), `${code} is native-only`);
  for (const code of ['INTERNAL_ERROR', 'INVALID_INPUT', 'ABORTED']) assert.ok(declared.includes(code), code);
  assert.doesNotMatch(typings, /export type ErrorCode =/, 'index.d.ts must not write the codes by hand');
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

test('the published typings compile under strict against a consumer that uses every option', () => {
  const tsc = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/typescript/bin/tsc');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-typings-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(PKG, path.join(dir, 'node_modules/korean-qa'));
    // Required<…>: an option added to the typings without a use here fails the compile.
    fs.writeFileSync(
      path.join(dir, 'consumer.ts'),
      `import QaEngineDefault, { DEFAULT_MODEL, QaEngine, hasRelaxedSimd } from 'korean-qa';
import type { Answer, AnswerOptions, AnswerProgress, ErrorCode, LoadOptions, Progress, QaError } from 'korean-qa';

const ctl = new AbortController();
const load: Required<LoadOptions> = {
  model: DEFAULT_MODEL,
  hubUrl: new URL('https://huggingface.co'),
  precision: 'int8',
  sha256: '0'.repeat(64),
  backend: 'auto',
  cache: true,
  onProgress: (p: Progress) => void [p.file.length, p.loaded + p.total, p.cached === true],
  signal: ctl.signal,
  wasmUrl: '/pkg/korean_qa_bg.wasm',
  webgpuWasmUrl: new URL('https://example.org/webgpu/korean_qa_bg.wasm'),
  simd: hasRelaxedSimd() ? 'relaxed' : 'baseline',
  threads: 'auto',
  compute: 'auto',
};
const ask: Required<AnswerOptions> = {
  topK: 3, maxAnswerLen: 30, docStride: 128, maxSeqLen: 384, maxQuestionLen: 64, minScore: 0.1,
  maxContextChars: 1_000_000, maxWindows: 6, minWindows: 4, rankRatio: 0.5, exhaustive: false,
  signal: ctl.signal,
  onProgress: (p: AnswerProgress) => void (p.read + p.total + p.windows),
  onPartial: (answers: Answer[]) => void answers.length,
};

export async function run(): Promise<number> {
  const qa: QaEngine = await QaEngineDefault.load(load);
  await QaEngine.clearCache({ simd: 'auto' });
  const [best]: Answer[] = await qa.answer('질문?', '문맥.', ask);
  const logits = await qa.logits(1, 2, [2, 3], [1, 1], [0, 0]);
  const info: [string, string, string, string[], boolean, string, 'fp32' | 'fp16' | 'int8', 'int8' | 'fp32', number, string] =
    [qa.backend, qa.backendDetail, qa.backendReason, qa.warnings, qa.fromCache, qa.modelName, qa.precision, qa.compute, qa.threads, qa.simd];
  try {
    await qa.answer('', '');
  } catch (e) {
    const code: ErrorCode = (e as QaError).code;
    if (code === 'ABORTED' || code === 'INTERNAL_ERROR') return -1;
  }
  await qa.dispose();
  return best.text.length + best.start + best.end + best.score + best.startProb + best.endProb + logits.start[0] + logits.end.length + info.length + (await qa.wasmMemoryBytes());
}

// What a caller gets wrong is refused at compile time.
// @ts-expect-error a count is a number
void QaEngine.load({ threads: '2' });
// @ts-expect-error there is no 'gpu' backend
void QaEngine.load({ backend: 'gpu' });
// @ts-expect-error the option is topK
void ({ top_k: 1 } satisfies AnswerOptions);
// @ts-expect-error topK is a number
void ({ topK: '3' } satisfies AnswerOptions);
// @ts-expect-error precision is fp32, fp16 or int8
void QaEngine.load({ precision: 'int4' });
`,
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['esnext', 'dom'], skipLibCheck: false }, files: ['consumer.ts'] }),
    );
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      assert.fail(`tsc --strict failed:\n${err.stdout}${err.stderr}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Every public method and static function, each argument and each option, given what callers get
// wrong: null, undefined, the wrong type, NaN, ±Infinity, -1, 2**31, 2**53, an empty and a huge
// value, an object whose getter throws, a revoked Proxy, and a value that cannot be cloned to the
// engine's Worker. Each call must settle within 10 s with a result or a documented coded error that
// is not INTERNAL_ERROR or DISPOSED, and the same engine must then still answer a plain question
// exactly as before. Chromium and Firefox.
//
// SURFACE is the one table: a method or option added to js/index.d.ts without its row here fails
// the first test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { PKG, ROOT, harness, launch, startServer } from './common.mjs';

const FIREFOX = process.env.KQA_FIREFOX ?? '/usr/bin/firefox-esr';
const BAD = ['null', 'undefined', 'wrongType', 'NaN', 'Infinity', '-Infinity', '-1', '2**31', '2**53', 'empty', 'huge', 'throwingGetter', 'revokedProxy', 'uncloneable'];

// method -> its arguments in order, and for an options argument, every option it takes.
const SURFACE = {
  'static load': { args: ['options'], options: ['model', 'hubUrl', 'precision', 'sha256', 'backend', 'cache', 'onProgress', 'signal', 'wasmUrl', 'webgpuWasmUrl', 'simd', 'threads', 'compute'] },
  'static clearCache': { args: ['options'], options: ['wasmUrl', 'simd'] },
  answer: {
    args: ['question', 'context', 'options'],
    options: ['topK', 'maxAnswerLen', 'docStride', 'maxSeqLen', 'maxQuestionLen', 'minScore', 'maxContextChars', 'maxWindows', 'minWindows', 'rankRatio', 'exhaustive', 'signal', 'onProgress', 'onPartial'],
  },
  logits: { args: ['batch', 'seq', 'inputIds', 'attentionMask', 'tokenTypeIds'] },
  wasmMemoryBytes: { args: [] },
  dispose: { args: [] },
};

test('the table covers every method and option of the typings', () => {
  const dts = fs.readFileSync(path.join(ROOT, 'js/index.d.ts'), 'utf8');
  const klass = dts.slice(dts.indexOf('export declare class QaEngine'));
  const methods = [...klass.matchAll(/^ {2}(static )?([a-zA-Z]+)\(/gm)].map((m) => `${m[1] ?? ''}${m[2]}`);
  assert.deepEqual(methods.sort(), Object.keys(SURFACE).sort());
  // An interface's keys, with those of the generated one it extends (korean_qa.d.ts, tsify).
  const generated = fs.readFileSync(path.join(PKG, 'korean_qa.d.ts'), 'utf8');
  const keys = (name) => {
    const src = dts.includes(`export interface ${name} `) ? dts : generated;
    const at = src.indexOf(`export interface ${name} `);
    assert.ok(at >= 0, `no interface ${name}`);
    const body = src.slice(at, src.indexOf('\n}', at));
    const own = [...body.matchAll(/^ +([a-zA-Z0-9]+)\?:/gm)].map((m) => m[1]);
    const base = body.match(/^export interface \w+ extends (\w+)/);
    return base ? [...own, ...keys(base[1])] : own;
  };
  assert.deepEqual([...SURFACE['static load'].options].sort(), keys('LoadOptions').sort());
  assert.deepEqual([...SURFACE.answer.options].sort(), keys('AnswerOptions').sort());
});

/** In the page: every row, then the plain question after each; returns what went wrong. */
const walk = async ({ surface, bad }) => {
  const Q = '한글날은 언제인가?';
  const C = '한글날은 한글의 반포를 기념하는 날로, 대한민국에서는 해마다 10월 9일이다.';
  const value = (kind) => {
    switch (kind) {
      case 'null': return null;
      case 'undefined': return undefined;
      case 'wrongType': return Symbol('wrong');
      case 'NaN': return NaN;
      case 'Infinity': return Infinity;
      case '-Infinity': return -Infinity;
      case '-1': return -1;
      case '2**31': return 2 ** 31;
      case '2**53': return 2 ** 53;
      case 'empty': return '';
      case 'huge': return 'x'.repeat(12_000_000);
      case 'throwingGetter': return Object.defineProperty({}, 'length', { get() { throw new Error('getter threw'); }, enumerable: true });
      case 'revokedProxy': { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }
      case 'uncloneable': return { f: new WeakMap() };
    }
  };
  const settle = (p) =>
    Promise.race([
      Promise.resolve(p).then(() => ({ ok: true }), (e) => ({ ok: false, code: e?.code, message: String(e?.message ?? e) })),
      new Promise((r) => setTimeout(() => r({ ok: false, code: 'TIMEOUT', message: 'did not settle in 10 s' }), 10_000)),
    ]);
  const documented = new Set(['MODEL_FETCH_FAILED', 'INTEGRITY_MISMATCH', 'INVALID_INPUT', 'INVALID_OPTIONS', 'TOKENIZER_ERROR', 'INVALID_BUNDLE',
    'GRAPH_MISMATCH', 'VOCAB_MISMATCH', 'WEIGHTS_INVALID', 'BACKEND_UNAVAILABLE', 'ABORTED', 'INFERENCE_FAILED']);
  const problems = [];
  const qa = await QaEngine.load({ model: '/bundle/', backend: 'cpu', threads: 1 });
  const plain = JSON.stringify(await qa.answer(Q, C));
  let calls = 0;
  const check = async (label, call, { engineCall = true } = {}) => {
    calls++;
    const r = await settle(call());
    if (!r.ok && !documented.has(r.code)) problems.push(`${label}: ${r.code} ${r.message.slice(0, 160)}`);
    const after = await settle(qa.answer(Q, C));
    if (!after.ok || JSON.stringify(await qa.answer(Q, C)) !== plain) problems.push(`${label}: the engine no longer answers (${after.code} ${after.message ?? ''})`);
    return r;
  };
  const good = { question: Q, context: C, batch: 1, seq: 4, inputIds: [2, 100, 3, 0], attentionMask: [1, 1, 1, 0], tokenTypeIds: [0, 0, 0, 0] };
  for (const [name, { args, options = [] }] of Object.entries(surface)) {
    if (name === 'dispose' || name === 'wasmMemoryBytes') continue; // no arguments: below
    const isStatic = name.startsWith('static ');
    const method = name.replace('static ', '');
    const run = (argv) => {
      if (!isStatic) return qa[method](...argv);
      return QaEngine[method](...argv).then(async (engine) => void (await engine?.dispose?.()));
    };
    const base = () => args.map((a) => (a === 'options' ? (method === 'load' ? { model: '/bundle/', hubUrl: 'http://127.0.0.1:9', backend: 'cpu', threads: 1, cache: false } : {}) : good[a]));
    for (const [i, a] of args.entries()) {
      for (const kind of bad) {
        const argv = base();
        argv[i] = value(kind);
        await check(`${name} ${a}=${kind}`, () => run(argv));
      }
    }
    const oi = args.indexOf('options');
    for (const o of options) {
      for (const kind of bad) {
        const argv = base();
        argv[oi] = { ...argv[oi], [o]: value(kind) };
        await check(`${name} {${o}: ${kind}}`, () => run(argv));
      }
      const argv = base();
      argv[oi] = Object.defineProperty({ ...argv[oi] }, o, { get() { throw new Error(`${o} getter threw`); }, enumerable: true });
      await check(`${name} {get ${o}() throws}`, () => run(argv));
    }
  }
  await check('wasmMemoryBytes()', () => qa.wasmMemoryBytes());
  // dispose last: it always resolves, and every later call is DISPOSED, never a hang.
  const d = await settle(qa.dispose());
  const again = await settle(qa.dispose());
  const later = await settle(qa.answer(Q, C));
  if (!d.ok || !again.ok) problems.push('dispose() rejected');
  if (later.code !== 'DISPOSED') problems.push(`after dispose(): ${later.code}`);
  return { problems, calls };
};

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.close());

test('Chromium: every argument and option, every bad value, then the same engine answers', async () => {
  const { ctx } = await launch();
  try {
    const page = await harness(ctx, server);
    const { problems, calls } = await page.evaluate(walk, { surface: SURFACE, bad: BAD });
    console.log(`chromium: ${calls} calls`);
    assert.deepEqual(problems, []);
  } finally {
    await ctx.close();
  }
});

test('Firefox: every argument and option, every bad value, then the same engine answers', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-firefox-surface-'));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile, protocolTimeout: 600_000 });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/harness/harness.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    const { problems, calls } = await page.evaluate(walk, { surface: SURFACE, bad: BAD });
    console.log(`firefox: ${calls} calls`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

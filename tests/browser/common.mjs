// Shared set-up for the browser tests and the browser bench: paths, Chromium, the harness page,
// and the native CLI's answers that the browser must reproduce.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = (k, d) => path.resolve(ROOT, process.env[k] ?? d);
export const PKG = env('KQA_PKG', 'pkg');
export const BUNDLE = env('KQA_BUNDLE', 'models/bundles/fp32');
export const BUNDLES = env('KQA_BUNDLES', 'models/bundles');
export const REFS = env('KQA_REFS', 'models/refs');
export const CLI = env('KQA_CLI', 'target/release/korean-qa');
export const CHROMIUM = process.env.KQA_CHROMIUM ?? '/usr/bin/chromium';

export const BASE_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// SwiftShader's WebGPU on GPU-less machines (without that flag there is no adapter);
// KQA_WEBGPU_ADAPTER=hardware asks for the real GPU instead (bench/gpu_bench.sh).
export const WEBGPU_FLAGS =
  process.env.KQA_WEBGPU_ADAPTER === 'hardware'
    ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist']
    : ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'];

export function startServer(extra = {}, opts = {}) {
  return serve({ '/pkg/': PKG, '/bundle/': BUNDLE, '/harness/': path.join(ROOT, 'tests/browser'), ...extra }, opts);
}

/** A fresh Chromium profile; `webgpu` adds the unsafe-WebGPU flags. */
export async function launch({ webgpu = false, userDataDir } = {}) {
  const dir = userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-chrome-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])],
  });
  // A profile holds the model in IndexedDB (100+ MB): a few hundred runs filled this machine's disk.
  if (!userDataDir) removeOnClose(ctx, dir);
  return { ctx, dir };
}

/** Makes `ctx.close()` also delete `dir`, once the browser has exited (a failure only warns). */
export function removeOnClose(ctx, dir) {
  const close = ctx.close.bind(ctx);
  ctx.close = async (...args) => {
    await close(...args);
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch (e) {
      console.warn(`could not remove ${dir}: ${e.message}`);
    }
  };
}

export async function harness(ctx, server, page) {
  page ??= ctx.pages()[0] ?? (await ctx.newPage());
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${server.url}/harness/harness.html`);
  await page.waitForFunction(() => window.harnessReady === true);
  return page;
}

export function readJsonl(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** 40 single-window and 12 multi-window questions; every third context gets emoji and a flag. */
export function browserSample() {
  const rows = readJsonl(path.join(REFS, 'sample.jsonl'));
  const long = rows.filter((r) => r.id.endsWith('-long')).slice(0, 12);
  const short = rows.filter((r) => !r.id.endsWith('-long')).slice(0, 40);
  return [...short, ...long].map((r, i) => {
    if (i % 3 !== 0) return r;
    const dot = r.context.indexOf('. ');
    const cut = dot > 0 ? dot + 2 : 0;
    return {
      ...r,
      id: `${r.id}-emoji`,
      context: `😀 ${r.context.slice(0, cut)}🇰🇷 👍🏽 ${r.context.slice(cut)} 𝕏`,
    };
  });
}

/**
 * The native CLI's top-3 answers to `rows` on `bundle`, by id: what the browser must reproduce.
 * `args`: more `batch` flags (e.g. `['--compute', 'int8']`).
 */
export function nativeAnswers(rows, bundle = BUNDLE, args = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-native-'));
  const [input, out] = [path.join(dir, 'in.jsonl'), path.join(dir, 'out.jsonl')];
  fs.writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  try {
    execFileSync(CLI, ['batch', '--model', bundle, '--top-k', '3', ...args, input, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    return Object.fromEntries(readJsonl(out).map((r) => [r.id, r.answers]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const relClose = (a, b, tol) => Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300);

/**
 * Browser answers equal the native ones: the same spans and text, scores within 1e-5 relative.
 * `context` also checks that each text is its slice; `probs` also compares start/end probabilities.
 */
export function assertSameAnswers(ours, ref, { label, context, probs = false }) {
  assert.equal(ours.length, ref.length, label);
  ours.forEach((a, i) => {
    if (context !== undefined) assert.equal(context.slice(a.start, a.end), a.text, `${label}: slice`);
    assert.deepEqual([a.start, a.end, a.text], [ref[i].start, ref[i].end, ref[i].text], label);
    assert.ok(relClose(a.score, ref[i].score, 1e-5), `${label}: ${a.score} vs ${ref[i].score}`);
    if (probs) assert.ok(relClose(a.startProb, ref[i].startProb, 1e-5) && relClose(a.endProb, ref[i].endProb, 1e-5), label);
  });
}

/**
 * Copies the `precision` bundle of BUNDLES into `dir` under fixed names (model.bin, vocab.txt), as
 * a host that updates a bundle in place does; returns its manifest.
 */
export function publishBundle(dir, precision) {
  const src = path.join(BUNDLES, precision);
  const m = JSON.parse(fs.readFileSync(path.join(src, 'manifest.json'), 'utf8'));
  fs.copyFileSync(path.join(src, m.files.weights.path), path.join(dir, 'model.bin'));
  fs.copyFileSync(path.join(src, m.files.vocab.path), path.join(dir, 'vocab.txt'));
  m.files.weights.path = 'model.bin';
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  return m;
}

export const FIREFOX = process.env.KQA_FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * `f(page)` on the harness page of `server` in a fresh Firefox ESR profile (puppeteer-core over
 * WebDriver BiDi); `prefs`: Firefox preferences for this launch; `onConsole(message)` sees the
 * page's console. The browser and its profile are gone when it returns.
 */
export async function withFirefoxPage(server, f, { prefs, onConsole } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-firefox-'));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile, extraPrefsFirefox: prefs, protocolTimeout: 600_000 });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    if (onConsole) page.on('console', onConsole);
    await page.goto(`${server.url}/harness/harness.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    return await f(page);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Every `<mark>` of a rank joins to that answer's text, placed at the answer's offset. */
export async function checkMarks(page, reply) {
  const marks = await page.$$eval('mark[data-korean-qa]', (ms) => ms.map((m) => [Number(m.dataset.koreanQa), m.textContent]));
  const byRank = new Map();
  for (const [r, t] of marks) byRank.set(r, (byRank.get(r) ?? '') + t);
  assert.ok(byRank.has(0), 'the best answer is marked');
  assert.deepEqual([...byRank.keys()].sort(), reply.marked.flatMap((m, rank) => (m.status === 'marked' ? [rank] : [])), 'only this question\'s marks');
  for (const [rank, text] of byRank) {
    // An answer that crosses blocks contains the '\n' the extraction put between them, which
    // belongs to no text node and so to no mark; a space may stand for collapsed white space.
    assert.equal(text.replace(/[ \t\n\f\r]+/g, ' '), reply.answers[rank].text.replaceAll('\n', ''), `rank ${rank}`);
    assert.deepEqual([reply.marked[rank].text, reply.marked[rank].start], [text, reply.answers[rank].start]);
  }
}

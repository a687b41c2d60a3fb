// The npm package as a new user meets it: `npm pack` of pkg/, installed into a fresh app
// (consumers/: index.html and main.js with the README's three lines), built with Vite and webpack
// with no configuration of ours, then run in Chromium on a plain page (one thread) and a
// cross-origin isolated one (every core). Also Vite's dev server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE, PKG, ROOT, launch } from './common.mjs';
import { serve } from '../../scripts/serve.mjs';

const HERE = path.join(ROOT, 'tests/browser');
// Inside tests/browser, so that the apps resolve vite and webpack from its node_modules.
const WORK = path.join(HERE, '.consumers');
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const CORES = Math.min(8, os.cpus().length);
let tarball;
let browser;
const matrix = [];

/** A fresh app in WORK/name with the packed package installed as npm would (node_modules/korean-qa). */
function app(name) {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules/korean-qa'), { recursive: true });
  for (const f of ['index.html', 'main.js']) fs.copyFileSync(path.join(HERE, 'consumers', f), path.join(dir, f));
  execFileSync('tar', ['-xzf', tarball, '-C', path.join(dir, 'node_modules/korean-qa'), '--strip-components=1']);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

/** Opens `url` and waits for the app's result: what the engine reports, or the error. */
async function run(url) {
  const page = await browser.ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.result, null, { timeout: 120000 });
    return { ...(await page.evaluate(() => window.result)), isolated: await page.evaluate(() => crossOriginIsolated), errors };
  } finally {
    await page.close();
  }
}

function check(label, r, { threads }) {
  matrix.push({ label, threads: r.threads, detail: r.detail, error: r.error });
  assert.equal(r.error, undefined, `${label}: ${r.error}`);
  assert.deepEqual(r.errors, [], label);
  assert.equal(r.backend, 'cpu', label);
  assert.equal(r.threads, threads, `${label}: ${r.detail}`);
  assert.equal(r.answers.length, 1, label);
}

before(async () => {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', PKG, '--json', '--pack-destination', WORK], { encoding: 'utf8' }));
  tarball = path.join(WORK, packed.filename);
  console.log(`npm pack: ${(packed.size / 1e6).toFixed(1)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${packed.entryCount} files`);
  browser = await launch(); // no WebGPU: 'auto' takes the CPU, as for most visitors
});

after(async () => {
  await browser?.ctx.close();
  if (matrix.length) console.table(matrix);
  fs.rmSync(WORK, { recursive: true, force: true });
});

test('Vite: build, served plain and cross-origin isolated', async () => {
  const { build } = await import('vite');
  const dir = app('vite-build');
  await build({ root: dir, logLevel: 'warn', configFile: false });
  for (const isolate of [false, true]) {
    const server = await serve({ '/': path.join(dir, 'dist'), '/model/': BUNDLE }, { isolate });
    try {
      const r = await run(`${server.url}/`);
      assert.equal(r.isolated, isolate);
      check(`vite build, ${isolate ? 'isolated' : 'plain'}`, r, { threads: isolate ? CORES : 1 });
    } finally {
      await server.close();
    }
  }
});

test('Vite: dev server, plain and cross-origin isolated', async () => {
  const { createServer } = await import('vite');
  const dir = app('vite-dev');
  for (const isolate of [false, true]) {
    const model = await serve({ '/model/': BUNDLE }, { isolate });
    const server = await createServer({
      root: dir,
      configFile: false,
      logLevel: 'warn',
      // Only the test's own wiring: the bundle from another local server, and the headers a
      // user adds for threads (README, "Install and use with a bundler").
      server: { host: '127.0.0.1', port: 0, headers: isolate ? ISOLATION : {}, proxy: { '/model': model.url } },
    });
    await server.listen();
    try {
      const r = await run(server.resolvedUrls.local[0]);
      assert.equal(r.isolated, isolate);
      check(`vite dev, ${isolate ? 'isolated' : 'plain'}`, r, { threads: isolate ? CORES : 1 });
    } finally {
      await server.close();
      await model.close();
    }
  }
});

test('webpack 5: production build, served plain and cross-origin isolated', async () => {
  const { default: webpack } = await import('webpack');
  const dir = app('webpack');
  const stats = await new Promise((resolve, reject) =>
    webpack({ mode: 'production', context: dir, entry: './main.js', output: { path: path.join(dir, 'dist') } }, (err, s) =>
      err ? reject(err) : resolve(s),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  fs.writeFileSync(path.join(dir, 'dist/index.html'), '<!doctype html><meta charset="utf-8"><script src="main.js"></script>\n');
  for (const isolate of [false, true]) {
    const server = await serve({ '/': path.join(dir, 'dist'), '/model/': BUNDLE }, { isolate });
    try {
      const r = await run(`${server.url}/`);
      assert.equal(r.isolated, isolate);
      check(`webpack, ${isolate ? 'isolated' : 'plain'}`, r, { threads: isolate ? CORES : 1 });
    } finally {
      await server.close();
    }
  }
});

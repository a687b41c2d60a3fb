// Assembles the extension for each browser from this one source folder and the npm package:
//
//   node examples/extension/build.mjs OUT_DIR [--pkg PKG_DIR]     (./build.sh extension OUT_DIR)
//
// writes OUT_DIR/chrome/ and OUT_DIR/firefox/, each loadable as it is ("Load unpacked", or
// about:debugging's "Load Temporary Add-on"), and prints what each holds. build.sh then zips them.
// Each gets only what it loads: the shared files, its own background file, the package's CPU
// modules, and the WebGPU module, which `backend: 'auto'` takes where the browser has a hardware
// adapter. The threaded module is left out: extension pages are not cross-origin isolated, so the
// package never starts it (its small JS glue stays, since worker.js imports it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

/** Files every browser's package has, beside its own. */
const SHARED = ['background.js', 'content.js', 'engine.js', 'i18n.js', 'limits.js', 'model.js', 'popup.html', 'popup.js', 'options.html', 'options.js'];
/** The package's files the extension loads (see the header). */
const PKG_FILES = [
  'index.js',
  'modules.js',
  'plan.js',
  'protocol.js',
  'worker_engine.js',
  'worker.js',
  'korean_qa.js',
  'korean_qa_bg.wasm',
  'korean_qa_bg.relaxed.wasm',
  'webgpu/korean_qa.js',
  'webgpu/korean_qa_bg.wasm',
  'threads/korean_qa.js',
  'LICENSE',
  'NOTICE',
];

/**
 * What differs between the browsers, besides chrome.js / firefox.js: the background's form and
 * the keys each store requires. Firefox's add-on store asks new extensions for a gecko id and
 * `data_collection_permissions` (this one collects nothing), which Firefox reads from 140 on (142 on Android).
 */
export const BROWSERS = {
  chrome: {
    files: ['chrome.js', 'offscreen.html', 'offscreen.js'],
    manifest: {
      minimum_chrome_version: '116',
      background: { service_worker: 'chrome.js', type: 'module' },
      permissions: ['activeTab', 'scripting', 'storage', 'offscreen'],
    },
  },
  firefox: {
    files: ['firefox.js'],
    manifest: {
      background: { scripts: ['firefox.js'], type: 'module' },
      permissions: ['activeTab', 'scripting', 'storage'],
      browser_specific_settings: {
        gecko: {
          id: 'korean-qa@korean-qa.github.io',
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    },
  },
};

const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
};

/** Writes OUT/<browser>/ for every browser; returns { browser: { dir, bytes, files } }. */
export function build(out, { pkg = path.join(ROOT, 'pkg') } = {}) {
  for (const f of PKG_FILES) {
    if (!fs.existsSync(path.join(pkg, f))) throw new Error(`${path.join(pkg, f)} is missing: build the package first (./build.sh package)`);
  }
  const base = JSON.parse(fs.readFileSync(path.join(HERE, 'manifest.json'), 'utf8'));
  const made = {};
  for (const [browser, { files, manifest }] of Object.entries(BROWSERS)) {
    const dir = path.join(out, browser);
    fs.rmSync(dir, { recursive: true, force: true });
    for (const f of [...SHARED, ...files]) copy(path.join(HERE, f), path.join(dir, f));
    for (const d of ['_locales', 'icons']) if (fs.existsSync(path.join(HERE, d))) copy(path.join(HERE, d), path.join(dir, d));
    for (const f of PKG_FILES) copy(path.join(pkg, f), path.join(dir, 'pkg', f));
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify({ ...base, ...manifest }, null, 2)}\n`);
    const list = fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    made[browser] = { dir, files: list.sort(), bytes: list.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0) };
  }
  return made;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, ...rest] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node examples/extension/build.mjs OUT_DIR [--pkg PKG_DIR]');
    process.exit(2);
  }
  const i = rest.indexOf('--pkg');
  const made = build(path.resolve(out), i >= 0 ? { pkg: path.resolve(rest[i + 1]) } : {});
  for (const [browser, { dir, files, bytes }] of Object.entries(made)) {
    console.log(`${browser}: ${dir} (${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB unpacked)`);
  }
}

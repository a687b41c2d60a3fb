// The extension's Firefox package, as ./build.sh extension makes it: web-ext lint (what the add-on
// store runs) passes with no errors and no warnings, and the package installed in Firefox (a
// temporary add-on, over WebDriver BiDi) answers a question about a tab through its popup's port
// and background page, with the engine running in that background page (no offscreen document).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { BUNDLE, PKG, ROOT } from './common.mjs';
import { articlePage, asAPerson } from './extension_person.mjs';
import { serve } from '../../scripts/serve.mjs';
import { BROWSERS, build } from '../../examples/extension/build.mjs';

const FIREFOX = process.env.KQA_FIREFOX ?? '/usr/bin/firefox-esr';
const ID = BROWSERS.firefox.manifest.browser_specific_settings.gecko.id;
const UUID = '6f1c9a52-3d0e-4b8a-9c55-2a7e0d4b1f00'; // pinned, so the test knows its moz-extension:// origin
const tempDirs = [];
let server;
let out;

let article; // the whole-article page (extension_person.mjs)

before(async () => {
  article = articlePage();
  tempDirs.push(article.dir);
  server = await serve({ '/': path.join(ROOT, 'tests/browser'), '/model/': BUNDLE, '/article/': article.dir });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-ext-ff-'));
  tempDirs.push(out);
  build(out, { pkg: PKG });
});
after(() => {
  server?.close();
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

test('firefox extension: web-ext lint passes with no errors, warnings or notices', () => {
  const bin = path.join(ROOT, 'tests/browser/node_modules/.bin/web-ext');
  let report;
  try {
    report = execFileSync(bin, ['lint', '--source-dir', path.join(out, 'firefox'), '--output', 'json', '--no-input'], { encoding: 'utf8' });
  } catch (e) {
    report = e.stdout; // exits 1 on errors; the JSON says which
  }
  const lint = JSON.parse(report);
  const messages = [...lint.errors, ...lint.warnings, ...lint.notices].map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`);
  assert.deepEqual(lint.summary, { errors: 0, notices: 0, warnings: 0 }, messages.join('\n'));
});

/**
 * The open page at `url`. Puppeteer lists a moz-extension:// tab as about:blank, so each page is
 * asked where it is.
 */
async function findPage(browser, url, timeoutMs = 30_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    for (const p of await browser.pages()) {
      if ((await p.evaluate(() => location.href).catch(() => null)) === url) return p;
    }
  }
  throw new Error(`no page at ${url} in ${timeoutMs / 1000} s`);
}

test('firefox extension: installed (Korean browser), it answers from its background page as a person uses it', async () => {
  // A copy with a host permission for the test server (the shipped one has activeTab only, which
  // only a person's click grants).
  const dir = path.join(out, 'firefox-test');
  fs.cpSync(path.join(out, 'firefox'), dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  // WebDriver may not navigate to a moz-extension:// page, so the test copy opens its popup in a
  // tab itself once installed, as a person's click on the toolbar button would open it.
  fs.appendFileSync(path.join(dir, 'firefox.js'), "\nchrome.runtime.onInstalled.addListener(() => chrome.tabs.create({ url: 'popup.html' }));\n");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-ff-profile-'));
  tempDirs.push(profile);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    // Korean from Debian's firefox-esr-l10n-ko language pack.
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [ID]: UUID }), 'intl.locale.requested': 'ko' },
    protocolTimeout: 600_000,
  });
  try {
    const tab = async (url) => {
      const page = await browser.newPage();
      await page.goto(url);
      return page;
    };
    const big = await tab(`${server.url}/article/article.html`);
    const small = await tab(`${server.url}/korean_page.html`);
    assert.equal(await browser.installExtension(dir), ID);
    const popup = await findPage(browser, `moz-extension://${UUID}/popup.html`);
    popup.on('pageerror', (e) => console.error('popup pageerror:', e.message));
    await popup.waitForFunction(() => typeof globalThis.ask === 'function');
    await popup.setViewport({ width: 340, height: 420 });
    // Firefox's match patterns take no port, so the tabs are picked by their exact URLs.
    const tabIds = await popup.evaluate(async (urls) => {
      await chrome.storage.local.set({ model: urls[0].replace('article/article.html', 'model/') });
      const tabs = await chrome.tabs.query({});
      return urls.map((u) => tabs.find((t) => t.url === u)?.id);
    }, [big.url(), small.url()]);
    assert.ok(tabIds.every((id) => id !== undefined), 'the test tabs are found');
    await asAPerson({
      popup,
      article: { page: big, tabId: tabIds[0] },
      small: { page: small, tabId: tabIds[1] },
      question: article.question,
      browser: 'firefox',
      lang: 'ko',
      // WebDriver cannot open it either: the popup does, as its "change" link does.
      openOptions: async () => {
        await popup.evaluate(() => chrome.runtime.openOptionsPage());
        return findPage(browser, `moz-extension://${UUID}/options.html`);
      },
    });
    // The engine ran in the background page: one load, and no offscreen API at all.
    const stats = await popup.evaluate(async () => (await chrome.runtime.getBackgroundPage()).kqa.offscreenStats());
    assert.deepEqual([stats.loads, stats.running], [1, 0]);
    assert.equal(await popup.evaluate(() => typeof chrome.offscreen), 'undefined', 'Firefox has no offscreen API');
  } finally {
    await browser.close();
  }
});

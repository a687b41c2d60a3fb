// The MV3 extension end to end: Chromium with --load-extension, a Korean page on 127.0.0.1, the
// question sent through the extension's own message path (popup → service worker → offscreen).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, BUNDLE, CHROMIUM, PKG, ROOT, removeOnClose } from './common.mjs';
import { serve } from '../../scripts/serve.mjs';

const ARTIFACTS = path.join(ROOT, 'artifacts');
let server;
let extDir;

before(async () => {
  server = await serve({ '/': path.join(ROOT, 'tests/browser'), '/model/': BUNDLE });
  // A test copy of the extension with the package inside. activeTab is granted only by a real click
  // on the toolbar button, which headless Chromium cannot make; the copy adds a host permission for
  // the test server instead. The shipped manifest keeps activeTab only.
  extDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-ext-'));
  fs.cpSync(path.join(ROOT, 'examples/extension'), extDir, { recursive: true });
  fs.cpSync(PKG, path.join(extDir, 'pkg'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  fs.writeFileSync(path.join(extDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(() => {
  server?.close();
  if (extDir) fs.rmSync(extDir, { recursive: true, force: true });
});

/** Every `<mark>` of a rank joins to that answer's text, placed at the answer's offset. */
async function checkMarks(page, reply) {
  const marks = await page.$$eval('mark[data-korean-qa]', (ms) => ms.map((m) => [Number(m.dataset.koreanQa), m.textContent]));
  const byRank = new Map();
  for (const [r, t] of marks) byRank.set(r, (byRank.get(r) ?? '') + t);
  assert.ok(byRank.has(0), 'the best answer is marked');
  assert.equal(new Set(marks.map(([r]) => r)).size, reply.marked.filter(Boolean).length, 'only this question\'s marks');
  for (const [rank, text] of byRank) {
    // An answer that crosses blocks contains the '\n' the extraction put between them, which
    // belongs to no text node and so to no mark.
    assert.equal(text, reply.answers[rank].text.replaceAll('\n', ''), `rank ${rank}`);
    assert.deepEqual([reply.marked[rank].text, reply.marked[rank].start], [text, reply.answers[rank].start]);
  }
}

test('extension: marks equal the answers, across text nodes, and a new question clears old marks', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-ext-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  removeOnClose(ctx, profile);
  try {
    const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
    const extId = new URL(sw.url()).host;
    const page = await ctx.newPage();
    await page.goto(`${server.url}/korean_page.html`);
    const popup = await ctx.newPage();
    await popup.goto(`chrome-extension://${extId}/popup.html`);
    await popup.evaluate((m) => chrome.storage.local.set({ model: m }), `${server.url}/model/`);
    const tabId = await sw.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, `${server.url}/korean_page.html`);
    assert.ok(tabId !== undefined, 'test page tab found');

    const ask = (q) => popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), [q, tabId]);
    const first = await ask('도서관은 언제 쉬는가?');
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assert.equal(first.answers.length, 3);
    await checkMarks(page, first);

    // On the page whose words are separate elements, answers cross text nodes.
    const crossing = await ask('토요일마다 무엇이 열리는가?');
    assert.equal(crossing.error, undefined, JSON.stringify(crossing.error));
    await checkMarks(page, crossing);
    assert.ok(crossing.marked.some((m) => m && m.marks >= 2), `an answer spans several text nodes: ${JSON.stringify(crossing.marked)}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'extension-crossing.png') });

    // A second question clears the old highlights first.
    const before = await page.evaluate(() => document.body.textContent);
    const second = await ask('관장은 누구인가?');
    assert.equal(second.answers.length, 3);
    await checkMarks(page, second);
    const after = await page.evaluate(() => document.body.textContent);
    assert.equal(after, before, 'marking changes no text');
    await page.bringToFront();
    await page.screenshot({ path: path.join(ARTIFACTS, 'extension.png') });
  } finally {
    await ctx.close();
  }
});

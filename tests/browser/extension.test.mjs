// The MV3 extension: Chromium with --load-extension, pages on 127.0.0.1, content.js run in the
// page's isolated world through the extension's own service worker, and questions sent through
// the extension's message path (popup → service worker → offscreen document).
//
// The first tests need no model: what content.js reads from a hostile page and how it marks it,
// and the errors the popup shows when the message path fails. The last ones answer with the model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, BUNDLE, CHROMIUM, PKG, ROOT, checkMarks, removeOnClose } from './common.mjs';
import { serve } from '../../scripts/serve.mjs';
import { build as buildExtension } from '../../examples/extension/build.mjs';
import { articlePage, asAPerson } from './extension_person.mjs';

const ARTIFACTS = path.join(ROOT, 'artifacts');
const tempDirs = [];
let server;
let otherOrigin; // the same files from another port: another origin

let article; // the whole-article page (extension_person.mjs)

before(async () => {
  article = articlePage();
  tempDirs.push(article.dir);
  server = await serve({ '/': path.join(ROOT, 'tests/browser'), '/model/': BUNDLE, '/model2/': BUNDLE, '/article/': article.dir });
  otherOrigin = await serve({ '/': path.join(ROOT, 'tests/browser') });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(() => {
  server?.close();
  otherOrigin?.close();
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A test copy of the extension: the Chrome package `./build.sh extension` makes (build.mjs), with
 * the package inside unless `pkg` is false, or a stand-in engine. activeTab is granted only by a
 * real click on the toolbar button, which headless Chromium cannot make; the copy adds a host
 * permission for the test servers instead. The shipped manifest keeps activeTab only.
 */
function extensionCopy({ pkg = true, standIn = false, browser = 'chrome' } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-ext-'));
  tempDirs.push(out);
  const dir = buildExtension(out, { pkg: PKG })[browser].dir;
  if (standIn) {
    fs.rmSync(path.join(dir, 'pkg'), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'pkg'));
    fs.writeFileSync(path.join(dir, 'pkg/index.js'), STAND_IN_PACKAGE);
  } else if (!pkg) {
    fs.rmSync(path.join(dir, 'pkg'), { recursive: true, force: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/**
 * Chromium with the extension loaded; `f({ ctx, sw, extId })`, then the browser closes. Its UI
 * language is `lang` (Korean unless told: the extension's users read Korean), which on Linux
 * Chromium takes from LANGUAGE.
 */
async function withExtension(extDir, f, { lang = 'ko' } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-ext-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, LANGUAGE: lang, LANG: lang === 'ko' ? 'ko_KR.UTF-8' : 'en_US.UTF-8' },
    args: [...BASE_FLAGS, `--lang=${lang}`, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  removeOnClose(ctx, profile);
  try {
    const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
    return await f({ ctx, sw, extId: new URL(sw.url()).host });
  } finally {
    await ctx.close();
  }
}

async function openTab(ctx, sw, url) {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(url);
  const tabId = await sw.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, url);
  assert.ok(tabId !== undefined, `tab of ${url} found`);
  return { page, tabId };
}

async function openPopup(ctx, extId) {
  const popup = await ctx.newPage();
  popup.on('pageerror', (e) => console.error('popup pageerror:', e.message));
  await popup.goto(`chrome-extension://${extId}/popup.html`);
  await popup.evaluate((m) => chrome.storage.local.set({ model: m }), `${server.url}/model/`);
  return popup;
}

/** `koreanQa[name](...args)` in the tab's isolated world, as the service worker runs it. */
const inPage = (sw, tabId, name, args = []) => sw.evaluate(([t, n, a]) => globalThis.kqa.inPage(t, n, a), [tabId, name, args]);

// ---------------------------------------------------------------------------------------------
// Reading and marking a hostile page (no model).

const HOSTILE_TEXT = [
  '도서관 안내',
  '도서관 에서는 책을 빌려 준다.', // inline neighbours keep the space between them; the source's line break collapses
  '보이는 글', // a visible child of a visibility: hidden paragraph
  '개관 시간은 오전 아홉 시이다.', // without the screen-reader-only "(새 창)" (nor the collapsed menu, nor the off-page skip link)
  '자주 묻는 질문', // a closed <details>: its summary only
  '열린 질문',
  '열린 답변 내용',
  '줄바꿈',
  '다음 줄',
  '그림자 속 끼운 말 문장', // an open shadow root with its slot filled; the unslotted child is not shown
  '닫힌 그림자 속 글', // a closed shadow root, which a content script may read
  '편집할 수 있는 메모',
  '이름 홍길동', // a text input's value (not the password, not the hidden input)
  '메모 내용',
  '그림 속 글자', // SVG text, without its <title>
  '바뀔 문장입니다.',
  '원래 강조 표시',
  '나란한 두 조각',
  '  앞 공백   유지', // <pre> keeps its white space and its line break
  '둘째 줄',
  '첫째',
  '둘째',
  '왼쪽', // flex items are blocks
  '오른쪽',
  '이모지 😀 와 내용 끝',
  '같은 출처 틀 안의 글', // a same-origin iframe
  '마지막 문장.',
].join('\n');

/** Every text node a person could see, walked from the page's own world, for identity checks. */
function snapshotTextNodes() {
  const roots = [document.body, document.getElementById('host').shadowRoot, window.closedRoot];
  roots.push(document.getElementById('same').contentDocument.body);
  const nodes = [];
  for (const root of roots) {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push({ node: n, data: n.data, parent: n.parentNode });
  }
  window.snapshot = nodes;
  window.html = roots.map((r) => r.innerHTML);
  return nodes.length;
}

/** The snapshot's nodes that are no longer as they were: their original text. */
function touchedTextNodes() {
  return window.snapshot.filter(({ node, data, parent }) => !node.isConnected || node.data !== data || node.parentNode !== parent).map((s) => s.data);
}

/** Every mark of ours, [rank, text], per root in document order. */
function ourMarks() {
  const roots = [document, document.getElementById('host').shadowRoot, window.closedRoot, document.getElementById('same').contentDocument];
  return roots.map((r) => [...r.querySelectorAll('mark[data-korean-qa]')].map((m) => [Number(m.dataset.koreanQa), m.textContent]));
}

test('extension content: reads what a person sees, marks only what it may, and restores the page exactly', async () => {
  await withExtension(extensionCopy({ pkg: false }), async ({ ctx, sw }) => {
    const { page, tabId } = await openTab(ctx, sw, `${server.url}/hostile_page.html`);
    await page.evaluate(async (src) => {
      // A frame from another origin: skipped, and counted.
      const frame = Object.assign(document.createElement('iframe'), { src });
      const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
      document.getElementById('sandboxed').after(frame);
      await loaded;
      await new Promise((r) => (document.getElementById('same').contentDocument.readyState === 'complete' ? r() : document.getElementById('same').addEventListener('load', r)));
    }, `${otherOrigin.url}/korean_page.html`);

    const read = await inPage(sw, tabId, 'extract');
    assert.equal(read.text, HOSTILE_TEXT);
    assert.deepEqual(
      { truncated: read.truncated, framesRead: read.framesRead, framesSkipped: read.framesSkipped, fields: read.fields },
      { truncated: false, framesRead: 1, framesSkipped: 2, fields: 2 },
    );
    const short = await inPage(sw, tabId, 'extract', [{ maxChars: 20 }]);
    assert.deepEqual([short.text, short.truncated], [HOSTILE_TEXT.slice(0, 20), true]);

    // Extract again (as a question does), then change two nodes before the answers come back.
    const { text } = await inPage(sw, tabId, 'extract');
    await page.evaluate(() => {
      document.getElementById('changing').firstChild.data = '바뀐 문장입니다.';
      document.getElementById('last').remove();
    });
    const nodes = await page.evaluate(snapshotTextNodes);
    assert.ok(nodes > 40, `${nodes} text nodes`);
    const span = (s, from = 0) => {
      const start = text.indexOf(s, from);
      assert.ok(start >= 0, s);
      return { text: s, start, end: start + s.length, score: 0.5, startProb: 0.5, endProb: 0.5 };
    };
    const answers = [
      span('도서관 에서는', text.indexOf('\n')), // three nodes, the middle one a lone space
      span('책을 빌려'), // ends inside a node, across collapsed white space
      span('오전 아홉 시'), // the start of a node
      span('끼운 말 문장'), // slotted light DOM, then shadow DOM
      span('편집할 수 있는 메모'), // contenteditable
      span('홍길동'), // an input's value
      span('그림 속 글자'), // SVG
      span('바뀔 문장'), // changed since extraction
      span('마지막 문장'), // removed since extraction
      span('같은 출처 틀'), // in the iframe
      span('두 조각'), // the second of two adjacent text nodes
      span('에서는 책'), // overlaps a better answer
      span('강조'), // inside the page's own <mark>
      span('닫힌 그림자 속'), // a closed shadow root
      span('앞 공백   유지'), // inside <pre>, after its leading spaces
    ];
    const marked = await inPage(sw, tabId, 'highlight', [answers]);
    const ok = (text, start, marks) => ({ status: 'marked', text, start, marks });
    assert.deepEqual(marked, [
      ok('도서관 에서는', answers[0].start, 3),
      ok('책을\n     빌려', answers[1].start, 2),
      ok('오전 아홉 시', answers[2].start, 1),
      ok('끼운 말 문장', answers[3].start, 2),
      { status: 'not-highlighted', reason: 'editable', marks: 0 },
      { status: 'not-highlighted', reason: 'form-field', marks: 0 },
      { status: 'not-highlighted', reason: 'svg', marks: 0 },
      { status: 'changed', marks: 0 },
      { status: 'changed', marks: 0 },
      ok('같은 출처 틀', answers[9].start, 1),
      ok('두 조각', answers[10].start, 1),
      { status: 'overlap', marks: 0 },
      ok('강조', answers[12].start, 1),
      ok('닫힌 그림자 속', answers[13].start, 1),
      ok('앞 공백   유지', answers[14].start, 1),
    ]);
    assert.deepEqual(await page.evaluate(ourMarks), [
      [[0, '도서관'], [0, ' '], [0, '에서는'], [1, '책'], [1, '을\n     빌려'], [2, '오전 아홉 시'], [3, '끼운 말'], [12, '강조'], [10, '두 조각'], [14, '앞 공백   유지']],
      [[3, ' 문장']],
      [[13, '닫힌 그림자 속']],
      [[9, '같은 출처 틀']],
    ]);
    // Only the answered nodes moved or changed; every other text node is the same node, as it was.
    assert.deepEqual(await page.evaluate(touchedTextNodes), [
      '도서관', ' ', '에서는', '책', '을\n     빌려 준다.', '오전 아홉 시이다.', '끼운 말', '강조', '두 조각', '  앞 공백   유지\n둘째 줄',
      ' 문장', '닫힌 그림자 속 글', '같은 출처 틀 안의 글',
    ]);
    assert.equal(await page.evaluate(() => document.body.textContent.includes('바뀐 문장입니다.')), true);

    // Clearing puts back the same nodes with the same text: nothing merged (no normalize()), the
    // page's own <mark> kept, the markup as it was.
    await inPage(sw, tabId, 'clear');
    assert.deepEqual(await page.evaluate(ourMarks), [[], [], [], []]);
    assert.deepEqual(await page.evaluate(touchedTextNodes), []);
    const html = await page.evaluate(() => {
      const roots = [document.body, document.getElementById('host').shadowRoot, window.closedRoot, document.getElementById('same').contentDocument.body];
      return roots.map((r, i) => r.innerHTML === window.html[i]);
    });
    assert.deepEqual(html, [true, true, true, true]);
    assert.equal(await page.evaluate(() => document.getElementById('split').childNodes.length), 2);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#own mark').length), 1);
  });
});

// ---------------------------------------------------------------------------------------------
// The message path failing (no model needed).

test('extension: concurrent questions share one offscreen document; a broken one ends in a clear error', async () => {
  await withExtension(extensionCopy({ pkg: false }), async ({ ctx, sw, extId }) => {
    const { tabId } = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    // Three creations at once: one document, no "Only a single offscreen document" error.
    const created = await sw.evaluate(async () => {
      const settled = await Promise.allSettled([kqa.ensureOffscreen(), kqa.ensureOffscreen(), kqa.ensureOffscreen()]);
      const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
      await chrome.offscreen.closeDocument();
      return { settled: settled.map((s) => s.status), documents: contexts.length };
    });
    assert.deepEqual(created, { settled: ['fulfilled', 'fulfilled', 'fulfilled'], documents: 1 });
    // Two questions at once, the document not there yet: both reach it and get its error.
    const both = await sw.evaluate(
      (tabId) => Promise.all([kqa.ask({ question: '도서관은 언제 쉬는가?', tabId }), kqa.ask({ question: '관장은 누구인가?', tabId })]),
      tabId,
    );
    assert.deepEqual(both.map((r) => r.error?.code), ['PACKAGE_MISSING', 'PACKAGE_MISSING']);
    assert.ok(both[0].page.chars > 100, JSON.stringify(both[0].page));

    // Through the popup: an error message, not a spinner.
    const popup = await openPopup(ctx, extId);
    const r = await popup.evaluate((tabId) => globalThis.ask('도서관은 언제 쉬는가?', tabId), tabId);
    assert.equal(r.error.code, 'PACKAGE_MISSING');
    assert.equal(await popup.getAttribute('#status', 'class'), 'error');
    assert.match(await popup.textContent('#status'), /^PACKAGE_MISSING: the package is missing from the extension/);
    assert.equal(await popup.isVisible('#working'), false, 'no progress bar left');
  });
});

test('extension: a service worker that stops mid-question leaves the popup with an error', async () => {
  await withExtension(extensionCopy({ pkg: false }), async ({ ctx, sw, extId }) => {
    const { page, tabId } = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    const popup = await openPopup(ctx, extId);
    // The page's main thread is busy, so reading it waits; meanwhile the worker is stopped.
    await page.evaluate(() => setTimeout(() => { for (const t = Date.now(); Date.now() - t < 6000; ); }, 0));
    await popup.evaluate((tabId) => void (globalThis.pending = globalThis.ask('도서관은 언제 쉬는가?', tabId)), tabId);
    await popup.waitForFunction(() => globalThis.askEvents.some((e) => e.type === 'stage'));
    const cdp = await ctx.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const started = Date.now();
    const r = await popup.evaluate(() => globalThis.pending);
    assert.equal(r.error.code, 'DISCONNECTED', JSON.stringify(r));
    assert.ok(Date.now() - started < 10_000, 'reported at once, not after a time-out');
    assert.equal(await popup.getAttribute('#status', 'class'), 'error');
    assert.equal(await popup.isVisible('#working'), false);
  });
});

// ---------------------------------------------------------------------------------------------
// The message path with a stand-in engine (no model): the package's answer() contract, where a
// context of N characters has ceil(N / 1000) windows read 25 ms apart, the answers being the
// question's words where the context has them.

const STAND_IN_PACKAGE = `
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const coded = (code, message) => Object.assign(new Error(message), { code });
export class QaEngine {
  static async load({ model, onProgress }) {
    for (const loaded of [1 << 20, 2 << 20]) {
      await sleep(10);
      onProgress?.({ file: 'model.bpk', loaded, total: 2 << 20, cached: false });
    }
    return new QaEngine(model);
  }
  constructor(model) { this.model = model; this.disposed = false; }
  get backend() { return 'cpu'; }
  async answer(question, context, { topK = 1, signal, onProgress, onPartial } = {}) {
    if (this.disposed) throw coded('DISPOSED', 'the engine was disposed');
    // As the package: a lone surrogate is refused; '__trap__' is a trap, after which the engine is gone.
    if (!context.isWellFormed()) throw coded('INVALID_INPUT', 'the context has a lone surrogate');
    if (question === '__trap__') {
      this.disposed = true;
      throw coded('INTERNAL_ERROR', 'internal error: a forced trap');
    }
    const found = [];
    for (const word of question.split(/\\s+/)) {
      const w = word.replace(/[?은는이가을를]+$/, '');
      const start = w ? context.indexOf(w) : -1;
      if (start >= 0 && !found.some((a) => a.start === start)) found.push({ text: w, start, end: start + w.length });
    }
    const answers = found.slice(0, topK).map((a, i) => ({ ...a, score: 0.9 - i / 10, startProb: 0.9, endProb: 0.9 }));
    const total = Math.ceil(context.length / 1000);
    for (let read = 1; read <= total; read++) {
      await sleep(25);
      if (signal?.aborted) throw coded('ABORTED', 'the question was aborted');
      onProgress?.({ read, total, windows: total });
      if (read === 1) onPartial?.(answers.slice(0, 1));
    }
    return answers;
  }
  async dispose() { this.disposed = true; }
}
`;

test('extension: progress, partial answers, Cancel, a newer question, a stopped worker and a new bundle (stand-in engine)', async () => {
  await withExtension(extensionCopy({ standIn: true }), async ({ ctx, sw, extId }) => {
    const { page, tabId } = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    const popup = await openPopup(ctx, extId);
    const ask = (q) => popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), [q, tabId]);
    const events = () => popup.evaluate(() => globalThis.askEvents);

    const first = await ask('관장은 누구인가?');
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assert.deepEqual(first.answers.map((a) => a.text), ['관장']);
    assert.deepEqual(first.marked, [{ status: 'marked', text: '관장', start: first.answers[0].start, marks: 1 }]);
    assert.match(await popup.textContent('#status'), /^답 1개 · \d+ ms · cpu$/);
    assert.equal(await popup.textContent('#answers'), '관장 (90.0%)');
    const seen = await events();
    const types = [...new Set(seen.map((e) => e.type))];
    assert.deepEqual(types, ['stage', 'page', 'loading', 'progress', 'partial', 'result']);
    assert.deepEqual(seen.filter((e) => e.type === 'stage').map((e) => e.stage), ['page', 'model', 'answer', 'highlight']);
    const { chars } = seen.find((e) => e.type === 'page');
    assert.deepEqual(seen.filter((e) => e.type === 'progress').at(-1), { type: 'progress', read: Math.ceil(chars / 1000), total: Math.ceil(chars / 1000), windows: Math.ceil(chars / 1000) });

    // A long page, cancelled from the popup after the first windows: no marks, the partial answer shown.
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].map((e) => e.outerHTML).join('');
      const div = Object.assign(document.createElement('div'), { id: 'long' });
      div.innerHTML = Array.from({ length: 300 }, (_, i) => `<h2>${i + 1}장</h2>${p}`).join('');
      document.body.append(div);
    });
    await popup.evaluate((tabId) => void (globalThis.pending = globalThis.ask('관장은 누구인가?', tabId)), tabId);
    await popup.waitForFunction(() => globalThis.askEvents.some((e) => e.type === 'partial'));
    assert.equal(await popup.isVisible('#cancel'), true);
    await popup.click('#cancel');
    const cancelled = await popup.evaluate(() => globalThis.pending);
    assert.equal(cancelled.error?.code, 'ABORTED', JSON.stringify(cancelled.error));
    assert.deepEqual(cancelled.partial.map((a) => a.text), ['관장']);
    assert.equal(await popup.textContent('#status'), '취소했습니다 (찾던 중의 답)');
    assert.equal(await popup.textContent('#answers'), '관장 (90.0%)');
    assert.equal(await popup.isVisible('#working'), false);
    const progress = (await events()).filter((e) => e.type === 'progress');
    assert.ok(progress.length >= 1 && progress.at(-1).read < progress.at(-1).total, JSON.stringify(progress.at(-1)));
    assert.ok(progress.at(-1).total > 40, `the long page has many windows: ${JSON.stringify(progress.at(-1))}`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('mark[data-korean-qa]').length), 0);

    // A newer question replaces one in flight; the engine answers it.
    await popup.evaluate((tabId) => void (globalThis.pending = globalThis.ask('관장은 누구인가?', tabId)), tabId);
    await popup.waitForFunction(() => globalThis.askEvents.some((e) => e.type === 'progress'));
    const [older, newer] = await popup.evaluate((tabId) => Promise.all([globalThis.pending, globalThis.ask('도서관은 언제 쉬는가?', tabId)]), tabId);
    assert.deepEqual(older.error, { code: 'ABORTED', message: 'replaced by a newer question' });
    assert.equal(newer.error, undefined, JSON.stringify(newer.error));
    assert.deepEqual(newer.answers.map((a) => a.text), ['도서관', '쉬']);
    assert.equal(await popup.evaluate(() => globalThis.askEvents.filter((e) => e.type === 'result').length), 1);

    // The worker stops mid-question: the popup says so at once, and the offscreen document stops
    // the question the restarted worker no longer knows.
    await popup.evaluate((tabId) => void (globalThis.pending = globalThis.ask('관장은 누구인가?', tabId)), tabId);
    await popup.waitForFunction(() => globalThis.askEvents.some((e) => e.type === 'progress'));
    const cdp = await ctx.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    assert.equal((await popup.evaluate(() => globalThis.pending)).error?.code, 'DISCONNECTED');
    // (Asked from the popup: the worker's handle here is gone.)
    const stats = () => popup.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'stats' }));
    for (let t = Date.now(); (await stats()).running > 0; ) {
      assert.ok(Date.now() - t < 10_000, 'the forgotten question ends');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await stats()).cancelled, 3, 'Cancel, the replaced question and the forgotten one');

    // Another bundle URL: a new engine, the old one disposed.
    await page.evaluate(() => document.getElementById('long').remove());
    await popup.evaluate((m) => chrome.storage.local.set({ model: m }), `${server.url}/model2/`);
    const other = await ask('관장은 누구인가?');
    assert.equal(other.error, undefined, JSON.stringify(other.error));
    assert.deepEqual(await stats(), { loads: 2, disposed: 1, cancelled: 3, model: `${server.url}/model2/`, running: 0 });
  });
});

test('extension: the options page sets the model (hf: id or bundle URL), refuses what is not one, and resets to the hub default', async () => {
  const DEFAULT = 'hf:monologg/koelectra-small-v2-distilled-korquad-384';
  await withExtension(extensionCopy({ standIn: true }), async ({ ctx, sw, extId }) => {
    const manifest = await sw.evaluate(() => chrome.runtime.getManifest());
    assert.equal(manifest.options_ui?.page, 'options.html');
    assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*'], 'the test copy; the shipped manifest is checked below');
    const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/extension/manifest.json'), 'utf8'));
    assert.deepEqual(shipped.host_permissions, ['https://huggingface.co/*', 'https://*.hf.co/*']);

    // The popup names the model and links to the options page; nothing there edits it.
    const popup = await ctx.newPage();
    await popup.goto(`chrome-extension://${extId}/popup.html`);
    await popup.waitForFunction((d) => document.getElementById('model').textContent === d, DEFAULT);
    assert.equal(await popup.locator('input#model').count(), 0, 'no model field in the popup');
    const [options] = await Promise.all([ctx.waitForEvent('page'), popup.click('#options')]);
    await options.waitForLoadState();
    assert.equal(options.url(), `chrome-extension://${extId}/options.html`);
    await options.evaluate(() => globalThis.ready);
    assert.equal(await options.textContent('#current'), DEFAULT);
    const stored = () => options.evaluate(() => chrome.storage.local.get('model').then((s) => s.model ?? null));

    for (const bad of ['', '  ', 'hf:', 'hf:owner', 'hf:owner/name@a..b', 'hf:-owner/name', 'hf:owner/name/extra', 'ftp://example.com/model/', 'javascript:alert(1)', 'model/', 'https://user:pw@example.com/m/']) {
      const r = await options.evaluate((t) => globalThis.save(t), bad);
      assert.ok(r.error, `refused: ${JSON.stringify(bad)}`);
      assert.equal(await options.getAttribute('#status', 'class'), 'error');
      assert.equal(await stored(), null, `nothing stored for ${JSON.stringify(bad)}`);
    }
    assert.deepEqual(await options.evaluate(() => globalThis.save(' hf:someone/koelectra-ft@v1.2 ')), { model: 'hf:someone/koelectra-ft@v1.2' });
    assert.equal(await stored(), 'hf:someone/koelectra-ft@v1.2');
    // Typed and saved as a person would: a manifest's URL becomes its bundle folder.
    await options.fill('#model', `${server.url}/model/manifest.json`);
    await options.click('#save');
    await options.waitForFunction((u) => document.getElementById('current').textContent === u, `${server.url}/model/`);
    assert.equal(await stored(), `${server.url}/model/`);
    assert.equal(await options.getAttribute('#status', 'class'), 'ok');
    // The open popup follows the change; the service worker reads the same setting.
    await popup.waitForFunction((u) => document.getElementById('model').textContent === u, `${server.url}/model/`);
    // Something invalid planted in storage is not used: the default answers instead.
    await options.evaluate(() => chrome.storage.local.set({ model: 'javascript:alert(1)' }));
    await options.waitForFunction((d) => document.getElementById('current').textContent === d, DEFAULT);
    await options.click('#reset');
    await options.waitForFunction(() => document.getElementById('status').className === 'ok');
    assert.equal(await stored(), null);
    assert.equal(await options.textContent('#current'), DEFAULT);
  });
});

test("extension: a dead engine is replaced, a lone surrogate is harmless, the page's own marks stay, a tab cannot ask (stand-in engine)", async () => {
  await withExtension(extensionCopy({ standIn: true }), async ({ ctx, sw, extId }) => {
    const { page, tabId } = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    const popup = await openPopup(ctx, extId);
    const ask = (q) => popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), [q, tabId]);
    const stats = () => popup.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'stats' }));
    // The page's own mark, and broken text: a lone surrogate in the middle of the page.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.innerHTML = '<mark data-korean-qa="0">페이지의 표시</mark> 깨진 글자 \ud800 다음';
      document.querySelector('p').before(p);
    });
    const first = await ask('관장은 누구인가?');
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assert.deepEqual(first.answers.map((a) => a.text), ['관장']);
    assert.equal(first.marked[0].status, 'marked');
    const text = await inPage(sw, tabId, 'extract');
    assert.equal(text.text.isWellFormed(), true);
    assert.equal(text.text.length, first.page.chars, 'the same offsets');
    // Our marks come and go; the page's stays.
    await inPage(sw, tabId, 'clear');
    assert.deepEqual(await page.$$eval('mark', (ms) => ms.map((m) => [m.textContent, m.dataset.koreanQaBy ?? null])), [['페이지의 표시', null]]);

    // A trap ends that engine; the next question gets a fresh one instead of DISPOSED.
    const trapped = await ask('__trap__');
    assert.equal(trapped.error?.code, 'INTERNAL_ERROR', JSON.stringify(trapped.error));
    const after = await ask('관장은 누구인가?');
    assert.equal(after.error, undefined, JSON.stringify(after.error));
    assert.deepEqual(after.answers.map((a) => a.text), ['관장']);
    const s = await stats();
    assert.equal(s.loads, 2);
    assert.equal(s.cancelled, 0, 'the trapped question was not counted as cancelled');

    // A script in a tab (a content script, which any page's extension content may drive) gets
    // nothing from the offscreen document and no port to ask on.
    const [{ result: fromTab }] = await sw.evaluate(
      (tabId) =>
        chrome.scripting.executeScript({
          target: { tabId },
          func: async () => {
            const stats = await chrome.runtime.sendMessage({ target: 'offscreen', type: 'stats' }).then((v) => v ?? null, () => 'rejected');
            const port = chrome.runtime.connect({ name: 'kqa-ask' });
            const heard = await new Promise((resolve) => {
              port.onMessage.addListener((m) => resolve(`message ${m.type}`));
              port.onDisconnect.addListener(() => resolve('disconnected'));
              port.postMessage({ type: 'ask', question: '관장은 누구인가?' });
              setTimeout(() => resolve('silence'), 3000);
            });
            return { stats, heard };
          },
        }),
      tabId,
    );
    assert.ok(fromTab.stats === null || fromTab.stats === 'rejected', JSON.stringify(fromTab.stats));
    assert.equal(fromTab.heard, 'disconnected');
    assert.equal((await stats()).loads, 2, 'the tab asked nothing');
  });
});

// ---------------------------------------------------------------------------------------------
// With the model.

test('extension: marks equal the answers, across text nodes, and a new question clears old marks', async () => {
  await withExtension(extensionCopy(), async ({ ctx, sw, extId }) => {
    const { page, tabId } = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    const original = await page.evaluate(() => document.body.innerHTML);
    const popup = await openPopup(ctx, extId);
    const ask = (q) => popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), [q, tabId]);
    const first = await ask('도서관은 언제 쉬는가?');
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assert.equal(first.answers.length, 3);
    await checkMarks(page, first);
    const events = await popup.evaluate(() => globalThis.askEvents.map((e) => e.type));
    assert.ok(events.includes('page') && events.includes('stage'), events.join(' '));

    // On the page whose words are separate elements, answers cross text nodes.
    const crossing = await ask('토요일마다 무엇이 열리는가?');
    assert.equal(crossing.error, undefined, JSON.stringify(crossing.error));
    await checkMarks(page, crossing);
    assert.ok(crossing.marked.some((m) => m.marks >= 2), `an answer spans several text nodes: ${JSON.stringify(crossing.marked)}`);
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
    await inPage(sw, tabId, 'clear');
    assert.equal(await page.evaluate(() => document.body.innerHTML), original, 'clearing restores the markup exactly');
  });
});

test('extension: progress and partial answers reach the popup, Cancel stops a long page, a new bundle replaces the engine', async () => {
  await withExtension(extensionCopy(), async ({ ctx, sw, extId }) => {
    const { page, tabId } = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    const popup = await openPopup(ctx, extId);
    const ask = (q) => popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), [q, tabId]);
    const warm = await ask('관장은 누구인가?'); // loads the model
    assert.equal(warm.error, undefined, JSON.stringify(warm.error));

    // A long page: many windows, read with progress; cancelled after the first ones.
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].map((e) => e.outerHTML).join('');
      const div = document.createElement('div');
      div.id = 'long';
      div.innerHTML = Array.from({ length: 1000 }, (_, i) => `<h2>${i + 1}장</h2>${p}`).join('');
      document.body.append(div);
    });
    await popup.evaluate((tabId) => void (globalThis.pending = globalThis.ask('그림책 읽기 모임은 언제 열리는가?', tabId)), tabId);
    await popup.waitForFunction(() => globalThis.askEvents.some((e) => e.type === 'progress'), null, { timeout: 120_000 });
    assert.equal(await popup.isVisible('#cancel'), true);
    await popup.click('#cancel');
    const cancelled = await popup.evaluate(() => globalThis.pending);
    assert.equal(cancelled.error?.code, 'ABORTED', JSON.stringify(cancelled.error));
    assert.match(await popup.textContent('#status'), /^취소했습니다/);
    const events = await popup.evaluate(() => globalThis.askEvents);
    const progress = events.filter((e) => e.type === 'progress');
    for (const [i, p] of progress.entries()) {
      assert.ok(p.read >= 1 && p.read <= p.total && (i === 0 || p.read >= progress[i - 1].read), JSON.stringify(p));
    }
    assert.ok(progress.at(-1).read < progress.at(-1).total, 'stopped before reading every window');
    assert.ok(progress.at(-1).windows > progress.at(-1).total, 'a long page: only the best-ranked windows are read');
    const page_ = events.find((e) => e.type === 'page');
    assert.ok(page_.chars > 100_000, `${page_.chars} characters`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('mark[data-korean-qa]').length), 0, 'a cancelled question marks nothing');

    // The engine is still usable.
    await page.evaluate(() => document.getElementById('long').remove());
    const again = await ask('도서관은 언제 쉬는가?');
    assert.equal(again.error, undefined, JSON.stringify(again.error));
    assert.equal(again.answers.length, 3);

    // Another bundle URL: a new engine, the old one disposed.
    await popup.evaluate((m) => chrome.storage.local.set({ model: m }), `${server.url}/model2/`);
    const other = await ask('도서관은 언제 쉬는가?');
    assert.equal(other.error, undefined, JSON.stringify(other.error));
    assert.deepEqual(other.answers, again.answers, 'the same bundle answers the same');
    const stats = await sw.evaluate(() => globalThis.kqa.offscreenStats());
    assert.deepEqual(stats, { loads: 2, disposed: 1, cancelled: 1, model: `${server.url}/model2/`, running: 0 });
  });
});

test('extension as a person uses it (Korean browser): ask, the CLI\'s answers marked, click to scroll, Esc restores, a selection narrows', async () => {
  await withExtension(extensionCopy(), async ({ ctx, sw, extId }) => {
    const big = await openTab(ctx, sw, `${server.url}/article/article.html`);
    const small = await openTab(ctx, sw, `${server.url}/korean_page.html`);
    const popup = await openPopup(ctx, extId);
    await popup.setViewportSize({ width: 340, height: 420 });
    const openOptions = async () => {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${extId}/options.html`);
      return page;
    };
    await asAPerson({ popup, article: big, small, question: article.question, browser: 'chromium', lang: 'ko', openOptions });
  });
});

test('extension in an English browser: the popup, the options page and the manifest speak English', async () => {
  await withExtension(
    extensionCopy({ standIn: true }),
    async ({ ctx, extId }) => {
      const popup = await openPopup(ctx, extId);
      assert.equal(await popup.textContent('#submit'), 'Ask');
      assert.equal(await popup.getAttribute('#question', 'placeholder'), 'Ask this page…');
      assert.equal(await popup.evaluate(() => chrome.i18n.getMessage('extName')), 'korean-qa: ask this page');
      const options = await ctx.newPage();
      await options.goto(`chrome-extension://${extId}/options.html`);
      await options.evaluate(() => globalThis.ready);
      assert.equal(await options.textContent('#clearCache'), 'Clear the cache');
      assert.equal(await options.title(), 'korean-qa: settings');
    },
    { lang: 'en' },
  );
});

test('extension: Chrome loads the built package with no manifest warning and no error', async () => {
  await withExtension(extensionCopy(), async ({ ctx, sw, extId }) => {
    // What chrome://extensions shows for it: install warnings (unknown or unsupported manifest
    // keys, permissions), manifest errors and the errors its pages and service worker reported.
    // The shipped permissions, and offscreen on Chrome only (read before the reload below ends
    // this service worker).
    const manifest = await sw.evaluate(() => chrome.runtime.getManifest());
    assert.deepEqual(manifest.permissions, ['activeTab', 'scripting', 'storage', 'offscreen']);
    const page = await ctx.newPage();
    await page.goto('chrome://extensions/');
    const info = await page.evaluate(async (id) => {
      // Developer mode collects the warnings and errors, as for a developer loading it by hand;
      // the reload loads it again under that mode.
      await chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true });
      await chrome.developerPrivate.reload(id, { failQuietly: false });
      await new Promise((r) => setTimeout(r, 1000));
      const all = await chrome.developerPrivate.getExtensionsInfo({ includeDisabled: true, includeTerminated: true });
      const e = all.find((x) => x.id === id);
      return { installWarnings: e.installWarnings, manifestErrors: e.manifestErrors, runtimeErrors: e.runtimeErrors, state: e.state, permissions: e.permissions };
    }, extId);
    assert.equal(info.state, 'ENABLED');
    assert.deepEqual(info.installWarnings, [], JSON.stringify(info.installWarnings));
    assert.deepEqual(info.manifestErrors, [], JSON.stringify(info.manifestErrors));
    assert.deepEqual(info.runtimeErrors, [], JSON.stringify(info.runtimeErrors));
  });
});

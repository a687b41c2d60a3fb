// The extension as a person uses it, the same steps in Chromium (Playwright) and Firefox
// (Puppeteer), on the built package: ask from the popup about a whole article and get the answer
// the native CLI gives on the same text, see the marks, click an answer to scroll to it, press Esc
// to restore the page byte for byte, select a paragraph to narrow the question, find the shortcut
// registered and the strings in the browser's language. It screenshots the popup with its answers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE, CLI, ROOT, checkMarks } from './common.mjs';

const DATA = path.resolve(ROOT, process.env.KQA_DATA ?? '../shared/data');
export const ARTIFACTS = path.join(ROOT, 'artifacts');

/**
 * A folder holding article.html: the longest KorQuAD dev article, its paragraphs as <p>s, and the
 * first question asked about it. The server serves it under /article/.
 */
export function articlePage() {
  const dev = JSON.parse(fs.readFileSync(path.join(DATA, 'korquad/KorQuAD_v1.0_dev.json'), 'utf8'));
  const article = dev.data.map((a) => ({ a, n: a.paragraphs.reduce((n, p) => n + p.context.length, 0) })).sort((x, y) => y.n - x.n)[0].a;
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kqa-article-'));
  const body = article.paragraphs.map((p) => `<p>${esc(p.context)}</p>`).join('\n');
  fs.writeFileSync(path.join(dir, 'article.html'), `<!doctype html>\n<html lang="ko"><meta charset="utf-8"><title>${esc(article.title)}</title>\n<body><h1>${esc(article.title)}</h1>\n${body}\n</body></html>\n`);
  return { dir, question: article.paragraphs[0].qas[0].question };
}

/** The native CLI's top answers on `context`, with the same bundle: the reference. */
function cliAnswers(question, context, topK) {
  const file = path.join(os.tmpdir(), `kqa-context-${process.pid}.txt`);
  fs.writeFileSync(file, context);
  try {
    const out = execFileSync(CLI, ['answer', '--model', BUNDLE, '--top-k', String(topK), '--question', question, '--context-file', file], { encoding: 'utf8' });
    return JSON.parse(out).answers;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** What content.js reads from tab `tabId`, run from the popup as the background runs it. */
const extracted = (popup, tabId) =>
  popup.evaluate(async (tabId) => {
    await chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
    const [r] = await chrome.scripting.executeScript({ target: { tabId }, func: () => globalThis.koreanQa.extract({ maxChars: 1_000_000 }) });
    return r.result;
  }, tabId);

const waitFor = async (f, what, ms = 10_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await f()) return;
  throw new Error(`timed out waiting for ${what}`);
};

/**
 * Runs the person's steps. `popup` is the extension's popup page; `article` and `small` are the
 * tabs of article.html and korean_page.html, with their tab ids; `browser` names the screenshot;
 * `openOptions()` opens the options page.
 */
export async function asAPerson({ popup, article, small, question, browser, lang, openOptions }) {
  const ko = lang === 'ko';
  // Strings in the browser's language, the manifest's included.
  assert.equal(await popup.evaluate(() => document.getElementById('submit').textContent), ko ? '질문' : 'Ask');
  assert.equal(await popup.evaluate(() => document.getElementById('question').placeholder), ko ? '이 페이지에 질문하기…' : 'Ask this page…');
  const name = ko ? 'korean-qa: 페이지에 질문하기' : 'korean-qa: ask this page';
  assert.equal(await popup.evaluate(() => chrome.i18n.getMessage('extName')), name);
  assert.equal(await popup.evaluate(() => chrome.runtime.getManifest().name), name, 'the manifest reads __MSG_extName__');
  // The shortcut that opens the popup is registered.
  const commands = await popup.evaluate(() => chrome.commands.getAll());
  const action = commands.find((c) => c.name === '_execute_action');
  assert.ok(action, JSON.stringify(commands));
  assert.equal(action.shortcut.replace(/\s/g, ''), 'Alt+Shift+K');

  // A whole article: the popup's answers are the CLI's on the same text, and marked.
  await article.page.evaluate(() => window.scrollTo(0, 0));
  const original = await article.page.evaluate(() => document.documentElement.outerHTML);
  const { text } = await extracted(popup, article.tabId);
  const result = await popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), [question, article.tabId]);
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  const expected = cliAnswers(question, text, result.answers.length);
  assert.deepEqual(
    result.answers.map((a) => [a.start, a.end, a.text]),
    expected.map((a) => [a.start, a.end, a.text]),
    'the answers the native CLI gives on the same text',
  );
  await checkMarks(article.page, result);
  const shot = path.join(ARTIFACTS, `extension-popup-${browser}.png`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await popup.screenshot({ path: shot });
  if (process.env.KQA_SCREENSHOTS) fs.copyFileSync(shot, path.join(process.env.KQA_SCREENSHOTS, `popup-${browser}.png`));

  // Each marked answer is a link: a click scrolls its mark into view.
  const ranks = result.marked.flatMap((m, rank) => (m.status === 'marked' ? [rank] : []));
  const far = await article.page.evaluate(
    (ranks) => ranks.map((r) => [r, document.querySelector(`mark[data-korean-qa="${r}"]`).getBoundingClientRect().top]).sort((x, y) => y[1] - x[1])[0],
    ranks,
  );
  await article.page.evaluate(() => window.scrollTo(0, 0));
  const seen = () =>
    article.page.evaluate((r) => {
      const box = document.querySelector(`mark[data-korean-qa="${r}"]`).getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }, far[0]);
  if (far[1] > (await article.page.evaluate(() => window.innerHeight))) assert.equal(await seen(), false, 'off screen before the click');
  await popup.click(`#answers a[data-rank="${far[0]}"]`);
  await waitFor(seen, `answer ${far[0]} scrolled into view`);

  // Esc in the popup removes every mark: the page is as it was, byte for byte.
  await popup.bringToFront();
  await popup.keyboard.press('Escape');
  await waitFor(async () => (await article.page.evaluate(() => document.querySelectorAll('mark[data-korean-qa]').length)) === 0, 'the marks removed');
  await article.page.evaluate(() => window.scrollTo(0, 0));
  assert.equal(await article.page.evaluate(() => document.documentElement.outerHTML), original, 'Esc restores the page exactly');
  assert.equal(await popup.evaluate(() => document.querySelectorAll('#answers li').length), 0);

  // A selection narrows the question to it: every answer lies inside the selected paragraph.
  const paragraph = await small.page.evaluate(() => {
    const p = [...document.querySelectorAll('p')].find((e) => e.textContent.includes('매주 월요일'));
    getSelection().selectAllChildren(p);
    return p.textContent;
  });
  const narrowed = await popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), ['도서관은 언제 쉬는가?', small.tabId]);
  assert.equal(narrowed.error, undefined, JSON.stringify(narrowed.error));
  assert.ok(narrowed.answers.length > 0);
  const page = await popup.evaluate(() => globalThis.askEvents.find((e) => e.type === 'page'));
  assert.equal(page.selection, true, JSON.stringify(page));
  assert.ok(page.chars < page.pageChars && page.chars <= paragraph.length + 1, JSON.stringify(page));
  assert.match(await popup.evaluate(() => document.getElementById('page').textContent), ko ? /선택한 부분에만 질문함/ : /Asked about the selection/);
  const marks = await small.page.evaluate(() => [...document.querySelectorAll('mark[data-korean-qa]')].map((m) => m.closest('p').textContent));
  assert.ok(marks.length > 0 && marks.every((t) => t === paragraph), `marks only in the selection: ${JSON.stringify(marks)}`);
  await checkMarks(small.page, narrowed);
  await popup.evaluate(() => globalThis.clearMarks());
  await small.page.evaluate(() => getSelection().removeAllRanges());

  // The options page: the count of answers (refused outside 1-20), and the cache with its size.
  const options = await openOptions();
  await options.evaluate(() => globalThis.ready);
  for (const bad of ['0', '21', '2.5', 'x', '']) assert.ok((await options.evaluate((v) => globalThis.saveTopK(v), bad)).error, `topK ${bad} refused`);
  assert.deepEqual(await options.evaluate(() => globalThis.saveTopK('5')), { topK: 5 });
  const smallText = (await extracted(popup, small.tabId)).text;
  const five = await popup.evaluate(([q, tabId]) => globalThis.ask(q, tabId), ['관장은 누구인가?', small.tabId]);
  assert.equal(five.answers.length, 5, JSON.stringify(five.error));
  assert.deepEqual(
    five.answers.map((a) => [a.start, a.end, a.text]),
    cliAnswers('관장은 누구인가?', smallText, 5).map((a) => [a.start, a.end, a.text]),
    'korean_page.html: the CLI\'s answers',
  );
  await checkMarks(small.page, five);
  await popup.evaluate(() => globalThis.clearMarks());
  const cached = await options.evaluate(() => globalThis.showCache());
  assert.ok(cached > 40e6, `the cached model counts: ${cached} bytes`);
  assert.match(await options.evaluate(() => document.getElementById('cacheSize').textContent), ko ? /모델 캐시: \d+\.\d MB/ : /holds \d+\.\d MB/);
  const left = await options.evaluate(() => globalThis.clearCache());
  assert.ok(left < cached - 40e6, `clearing frees the model: ${cached} → ${left} bytes`);
  assert.equal(await options.evaluate(() => document.getElementById('cacheStatus').className), 'ok');
  return { result, shot };
}

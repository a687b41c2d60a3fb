// The demo page: the korean-qa package through its public API, plus DOM wiring.
import { DEFAULT_MODEL, QaEngine } from './pkg/index.js';

// `?model=` and `?hub=` preset the model and the hub (a mirror, or a stand-in in tests).
const params = new URLSearchParams(location.search);
const HUB = params.get('hub') || undefined;
// Served beside the page by `./build.sh demo`: what the page shows when the hub cannot be reached.
const LOCAL_BUNDLE = 'model/';

const PASSAGE = `한글은 조선의 제4대 임금인 세종이 1443년에 만들고 1446년에 훈민정음이라는 이름으로 널리 알린 문자이다. 처음에는 스물여덟 글자였으나 지금은 자음 열네 개와 모음 열 개, 모두 스물네 글자를 쓴다.

한글날은 한글의 반포를 기념하는 날로, 대한민국에서는 해마다 10월 9일이다. 유네스코는 훈민정음 해례본을 1997년에 세계기록유산으로 지정하였다.

오늘날에는 컴퓨터와 휴대전화에서 한글을 쉽게 입력할 수 있도록 여러 가지 자판 배열이 쓰이고 있다. 😀`;

const QUESTIONS = [
  '한글을 만든 임금은 누구인가?',
  '훈민정음이라는 이름으로 알린 해는 언제인가?',
  '지금 한글은 모두 몇 글자를 쓰는가?',
  '한글날은 언제인가?',
  '해례본이 세계기록유산이 된 해는?',
];

const $ = (id) => document.getElementById(id);
let engine = null;
let loading = null;

function setError(err) {
  $('error').hidden = !err;
  $('error').textContent = err ? `${err.code ?? 'ERROR'}: ${err.message}` : '';
}

function formatBytes(n) {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`;
}

// Each load supersedes the one before: a load that finishes after a newer one started is
// disposed at once, so pressing Load twice never leaves an engine (a Worker) behind.
let generation = 0;

async function load() {
  const mine = ++generation;
  let model = $('model-url').value.trim() || DEFAULT_MODEL;
  const backend = $('backend').value;
  $('ask').disabled = true;
  $('backend-indicator').textContent = 'loading…';
  $('backend-reason').textContent = '';
  $('cache-status').textContent = '—';
  setError(null);
  const old = engine;
  engine = null;
  if (old) await old.dispose();
  const files = new Map();
  const onProgress = (p) => {
    if (mine !== generation) return;
    files.set(p.file, p);
    const loaded = [...files.values()].reduce((s, f) => s + f.loaded, 0);
    const total = [...files.values()].reduce((s, f) => s + f.total, 0);
    $('progress').max = total || 1;
    $('progress').value = loaded;
    $('progress-text').textContent = `${formatBytes(loaded)} / ${formatBytes(total)}${p.cached ? ' (cache)' : ''}`;
  };
  const started = performance.now();
  $('fallback-warning').hidden = true;
  try {
    let loaded;
    try {
      loaded = await QaEngine.load({ model, backend, onProgress, hubUrl: HUB });
    } catch (err) {
      // The hub out of reach (offline, a blocked host): the local bundle, saying why.
      if (err?.code !== 'MODEL_FETCH_FAILED' || !model.startsWith('hf:')) throw err;
      $('fallback-reason').textContent = err.message;
      $('fallback-warning').hidden = false;
      model = LOCAL_BUNDLE;
      files.clear();
      loaded = await QaEngine.load({ model, backend, onProgress });
    }
    if (mine !== generation) return void (await loaded.dispose());
    engine = loaded;
    const ms = performance.now() - started;
    $('backend-indicator').textContent = engine.backendDetail;
    $('backend-reason').textContent = `(${engine.backendReason})`;
    $('backend-indicator').title = `wasm build: ${
      engine.threads > 1 ? `SIMD128, ${engine.threads} threads` : engine.simd === 'relaxed' ? 'relaxed SIMD' : engine.simd
    }`;
    $('cache-status').textContent = engine.fromCache ? 'loaded from cache' : 'downloaded (now cached)';
    $('model-name').textContent = `${engine.modelName} · ${engine.precision}`;
    $('progress-text').textContent += ` · ready in ${(ms / 1000).toFixed(1)} s`;
    // Only a bundle of random weights says so; the hub's model is the real one.
    $('random-warning').hidden = !/random/i.test(engine.modelName) || model.startsWith('hf:');
    $('ask').disabled = false;
    document.body.dataset.ready = 'true';
  } catch (err) {
    if (mine !== generation) return;
    $('backend-indicator').textContent = 'not loaded';
    setError(err);
  }
}

function renderHighlights(context, answers) {
  const view = $('highlighted');
  view.replaceChildren();
  const cuts = [...new Set([0, context.length, ...answers.flatMap((a) => [a.start, a.end])])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [s, e] = [cuts[i], cuts[i + 1]];
    const text = context.slice(s, e);
    const ranks = answers.map((a, r) => (a.start <= s && a.end >= e ? r : -1)).filter((r) => r >= 0);
    if (ranks.length === 0) {
      view.append(text);
      continue;
    }
    const mark = document.createElement('mark');
    mark.textContent = text;
    mark.dataset.answers = ranks.join(' ');
    if (ranks.includes(0)) mark.classList.add('best');
    mark.title = ranks.map((r) => `#${r + 1}`).join(', ');
    view.append(mark);
  }
}

function focusAnswer(rank) {
  const marks = [...document.querySelectorAll('#highlighted mark')];
  marks.forEach((m) => m.classList.toggle('focus', m.dataset.answers.split(' ').includes(String(rank))));
  marks.find((m) => m.classList.contains('focus'))?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

async function ask() {
  if (!engine) return;
  const question = $('question').value;
  const context = $('passage').value;
  const topK = Math.max(1, Math.min(20, Number($('top-k').value) || 1));
  setError(null);
  $('ask').disabled = true;
  const started = performance.now();
  try {
    const answers = await engine.answer(question, context, { topK });
    const ms = performance.now() - started;
    $('timing').textContent = `${ms.toFixed(0)} ms · ${engine.backend}`;
    $('answers').replaceChildren(
      ...answers.map((a, r) => {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'answer';
        b.dataset.rank = r;
        b.textContent = a.text;
        const score = document.createElement('span');
        score.className = 'score';
        score.textContent = `${(a.score * 100).toFixed(2)}%`;
        b.addEventListener('click', () => focusAnswer(r));
        li.append(b, score);
        return li;
      }),
    );
    renderHighlights(context, answers);
    if (answers.length) focusAnswer(0);
    document.body.dataset.answered = String(Number(document.body.dataset.answered ?? 0) + 1);
  } catch (err) {
    setError(err);
  } finally {
    $('ask').disabled = false;
  }
}

$('passage').value = PASSAGE;
$('question').value = QUESTIONS[0];
$('sample-questions').replaceChildren(...QUESTIONS.map((q) => Object.assign(document.createElement('option'), { value: q })));
$('ask-form').addEventListener('submit', (e) => {
  e.preventDefault();
  ask();
});
$('model-form').addEventListener('submit', (e) => {
  e.preventDefault();
  loading = load();
});
$('backend').addEventListener('change', () => (loading = load()));
$('clear-cache').addEventListener('click', async () => {
  try {
    await QaEngine.clearCache();
    $('cache-status').textContent = 'cache cleared';
  } catch (err) {
    setError(err);
  }
});
if (params.get('model')) $('model-url').value = params.get('model');
loading = load();

// The options page: which model the extension answers with (chrome.storage.local `model`), how
// many answers it shows (`topK`), and the model cache (its size, and clearing it). Only a valid
// hf: id or http(s) bundle URL is stored; the next question loads it (the old engine is disposed
// then).
import { localize, t } from './i18n.js';
import { DEFAULT_MODEL, currentModel, currentTopK, parseModel, parseTopK } from './model.js';

localize();
const $ = (id) => document.getElementById(id);

function setStatus(text, kind = 'muted', id = 'status') {
  $(id).textContent = text;
  $(id).className = kind;
}

async function show() {
  const model = await currentModel();
  $('current').textContent = model;
  $('model').value = model;
  $('topK').value = await currentTopK();
}

/** Validates and stores `text`; the page's entry point for the tests as well. */
export async function save(text) {
  const parsed = parseModel(text);
  if (parsed.error) {
    setStatus(parsed.error, 'error');
    return parsed;
  }
  await chrome.storage.local.set({ model: parsed.model });
  await show();
  setStatus(t('saved', parsed.model), 'ok');
  return parsed;
}
globalThis.save = save;

/** Validates and stores the count of answers (1 to 20). */
export async function saveTopK(value) {
  const topK = parseTopK(value);
  if (topK === null) {
    setStatus(t('topKInvalid'), 'error', 'topKStatus');
    return { error: t('topKInvalid') };
  }
  await chrome.storage.local.set({ topK });
  setStatus(t('topKSaved', topK), 'ok', 'topKStatus');
  return { topK };
}
globalThis.saveTopK = saveTopK;

/** What this extension's origin stores (the model cache, nearly all of it), in bytes; null if unknown. */
async function cacheBytes() {
  try {
    return (await navigator.storage.estimate()).usage ?? null;
  } catch {
    return null;
  }
}

async function showCache() {
  const bytes = await cacheBytes();
  $('cacheSize').textContent = bytes === null ? t('cacheUnknown') : t('cacheSize', (bytes / 1e6).toFixed(1));
  return bytes;
}
globalThis.showCache = showCache;

/** Deletes the package's model cache (the next question downloads the model again). */
export async function clearCache() {
  try {
    const { QaEngine } = await import('./pkg/index.js');
    await QaEngine.clearCache();
    setStatus(t('cacheCleared'), 'ok', 'cacheStatus');
  } catch (e) {
    setStatus(`${e?.code ?? 'ERROR'}: ${e?.message ?? e}`, 'error', 'cacheStatus');
  }
  return showCache();
}
globalThis.clearCache = clearCache;

$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  save($('model').value);
});
$('reset').addEventListener('click', async () => {
  await chrome.storage.local.remove('model');
  await show();
  setStatus(t('resetDone', DEFAULT_MODEL), 'ok');
});
$('answersForm').addEventListener('submit', (e) => {
  e.preventDefault();
  saveTopK($('topK').value);
});
$('clearCache').addEventListener('click', clearCache);
chrome.storage.onChanged.addListener((changes, area) => area === 'local' && ('model' in changes || 'topK' in changes) && show());
globalThis.ready = Promise.all([show(), showCache()]);

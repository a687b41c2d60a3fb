// The options page: which model the extension answers with (chrome.storage.local `model`). Only a
// valid hf: id or http(s) bundle URL is stored; the next question loads it (the old engine is
// disposed then).
import { DEFAULT_MODEL, currentModel, parseModel } from './model.js';

const $ = (id) => document.getElementById(id);

function setStatus(text, kind = 'muted') {
  $('status').textContent = text;
  $('status').className = kind;
}

async function show() {
  const model = await currentModel();
  $('current').textContent = model;
  $('model').value = model;
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
  setStatus(`Saved. The next question uses ${parsed.model}.`, 'ok');
  return parsed;
}
globalThis.save = save;

$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  save($('model').value);
});
$('reset').addEventListener('click', async () => {
  await chrome.storage.local.remove('model');
  await show();
  setStatus(`Reset to ${DEFAULT_MODEL}.`, 'ok');
});
chrome.storage.onChanged.addListener((changes, area) => area === 'local' && 'model' in changes && show());
globalThis.ready = show();

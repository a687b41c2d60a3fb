// The popup sends the question to the service worker, which does the rest.
const $ = (id) => document.getElementById(id);
const DEFAULT_MODEL = 'http://127.0.0.1:8080/model/';

chrome.storage.local.get({ model: DEFAULT_MODEL }).then(({ model }) => ($('model').value = model));
$('model').addEventListener('change', () => chrome.storage.local.set({ model: $('model').value.trim() || DEFAULT_MODEL }));

/** Asks about the active tab (or `tabId`); also the entry point the end-to-end test drives. */
export async function ask(question, tabId) {
  $('status').textContent = '답을 찾는 중…';
  $('status').className = 'muted';
  const started = performance.now();
  const r = await chrome.runtime.sendMessage({ target: 'background', type: 'ask', question, tabId });
  if (r.error) {
    $('status').textContent = `${r.error.code}: ${r.error.message}`;
    $('status').className = 'error';
  } else {
    $('status').textContent = `${r.answers.length} answers · ${(performance.now() - started).toFixed(0)} ms · ${r.backend}`;
  }
  $('answers').replaceChildren(
    ...r.answers.map((a) => Object.assign(document.createElement('li'), { textContent: `${a.text} (${(a.score * 100).toFixed(1)}%)` })),
  );
  return r;
}
globalThis.ask = ask;

$('ask').addEventListener('submit', (e) => {
  e.preventDefault();
  ask($('question').value);
});

// The extension's model setting, in one place: its default and what the options page accepts.
// Imported by the service worker, the popup and the options page (all ES modules).

/** The published model, fetched from the Hugging Face hub once and cached in the extension. */
export const DEFAULT_MODEL = 'hf:monologg/koelectra-small-v2-distilled-korquad-384';

// Hub ids as the hub spells them: OWNER/NAME of letters, digits, '-', '_' and '.', not starting
// with '.' or '-'; a revision is a branch, tag or commit (no spaces, no '..').
const HF = /^hf:([A-Za-z0-9][A-Za-z0-9_.-]*)\/([A-Za-z0-9][A-Za-z0-9_.-]*)(?:@([A-Za-z0-9_][A-Za-z0-9_./-]*))?$/;

/**
 * What the options page stores for `text`: `{ model }` (trimmed; a bundle URL ends with '/'), or
 * `{ error }` saying what is wrong with it. Accepts `hf:OWNER/NAME[@REVISION]` and an http(s) URL
 * of a bundle's folder (the one holding manifest.json).
 */
export function parseModel(text) {
  const value = String(text ?? '').trim();
  if (!value) return { error: 'enter an hf: model id or a bundle URL' };
  if (value.startsWith('hf:')) {
    const m = HF.exec(value);
    if (!m || m[3]?.includes('..')) return { error: `not a hub model id: ${value} (expected hf:OWNER/NAME or hf:OWNER/NAME@REVISION)` };
    return { model: value };
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    return { error: `not an hf: id nor a URL: ${value}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `a bundle URL must be http: or https:, not ${url.protocol}` };
  if (url.username || url.password) return { error: 'a bundle URL must not carry a user name or password' };
  if (url.pathname.endsWith('/manifest.json')) url.pathname = url.pathname.slice(0, -'manifest.json'.length);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.hash = '';
  return { model: url.href };
}

/** The stored model, or the default when none is stored (or what is stored is no longer valid). */
export async function currentModel() {
  const { model } = await chrome.storage.local.get({ model: DEFAULT_MODEL });
  return parseModel(model).model ?? DEFAULT_MODEL;
}

// The extension's settings, in one place: the model (its default and what the options page
// accepts) and how many answers to show. Imported by the background, the popup and the options
// page (all ES modules).
import { t } from './i18n.js';

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
  if (!value) return { error: t('errorModelEmpty') };
  if (value.startsWith('hf:')) {
    const m = HF.exec(value);
    if (!m || m[3]?.includes('..')) return { error: t('errorModelHub', value) };
    return { model: value };
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    return { error: t('errorModelNeither', value) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: t('errorModelProtocol', url.protocol) };
  if (url.username || url.password) return { error: t('errorModelCredentials') };
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

/** Answers shown per question, when the options page has not set another count. */
export const DEFAULT_TOP_K = 3;
export const MAX_TOP_K = 20;

/** `value` as a count of answers (an integer from 1 to MAX_TOP_K), or null. */
export function parseTopK(value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return Number.isInteger(n) && n >= 1 && n <= MAX_TOP_K ? n : null;
}

/** The stored count of answers, or the default. */
export async function currentTopK() {
  const { topK } = await chrome.storage.local.get({ topK: DEFAULT_TOP_K });
  return parseTopK(topK) ?? DEFAULT_TOP_K;
}

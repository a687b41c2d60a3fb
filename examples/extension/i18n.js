// The extension's strings, from _locales/ (English by default, Korean where the browser's language
// is Korean): t(key, ...substitutions) in scripts, data-i18n attributes in the pages.
/** The message `key` with its $1… filled in; the key itself where no message exists (a bug to see). */
export const t = (key, ...subs) => globalThis.chrome?.i18n?.getMessage(key, subs.map(String)) || key;

/**
 * Fills a page's strings: `data-i18n` sets the text, `data-i18n-placeholder`, `data-i18n-title` and
 * `data-i18n-aria-label` their attributes; the document's language follows the browser's.
 */
export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const [data, attr] of [['i18nPlaceholder', 'placeholder'], ['i18nTitle', 'title'], ['i18nAriaLabel', 'aria-label']]) {
    const sel = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const el of root.querySelectorAll(sel)) el.setAttribute(attr, t(el.dataset[data]));
  }
  const lang = globalThis.chrome?.i18n?.getUILanguage?.();
  if (lang) document.documentElement.lang = lang;
}

// Injected into the page's isolated world with chrome.scripting (never the page's own context):
// maps the tab's visible text to its text nodes and marks answers in place.
globalThis.koreanQa ??= (() => {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'IFRAME', 'SVG']);
  let nodes = [];

  function blockOf(node) {
    for (let el = node.parentElement; el; el = el.parentElement) {
      const d = getComputedStyle(el).display;
      if (!d.startsWith('inline') && d !== 'contents') return el;
    }
    return document.body;
  }

  function clear() {
    for (const m of document.querySelectorAll('mark[data-korean-qa]')) {
      const parent = m.parentNode;
      parent.replaceChild(document.createTextNode(m.textContent), m);
      parent.normalize();
    }
  }

  /** The visible text, from text nodes in document order; old highlights are removed first. */
  function extract() {
    clear();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        const el = node.parentElement;
        if (!el || SKIP.has(el.tagName.toUpperCase()) || el.closest('[aria-hidden="true"]')) return NodeFilter.FILTER_REJECT;
        if (!node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    nodes = [];
    let text = '';
    let block = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      // Inline neighbours join as they read ("삼백 <b>권</b>뿐"); a new block starts on a new
      // line, a character that belongs to no node.
      const b = blockOf(n);
      if (text && b !== block) text += '\n';
      block = b;
      nodes.push({ node: n, start: text.length });
      text += n.nodeValue;
    }
    return text;
  }

  /**
   * Wraps each answer's exact UTF-16 range in <mark>s, one per text node it crosses. Overlapping
   * answers are marked once, by the better one. Scrolls to the best. Returns, per answer, the marked
   * text and where its first mark starts in the extracted text (null when an overlap left it out).
   */
  function highlight(answers) {
    const chosen = [];
    for (const [rank, a] of answers.entries()) {
      if (!chosen.some((c) => a.start < c.end && c.start < a.end)) chosen.push({ ...a, rank });
    }
    // From the end backwards: splitting a node keeps the offsets of everything before it valid.
    chosen.sort((a, b) => b.start - a.start);
    const pieces = new Map();
    for (const a of chosen) {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const { node, start } = nodes[i];
        const s = Math.max(a.start, start);
        const e = Math.min(a.end, start + node.nodeValue.length);
        if (s >= e) continue;
        const range = document.createRange();
        range.setStart(node, s - start);
        range.setEnd(node, e - start);
        const mark = document.createElement('mark');
        mark.dataset.koreanQa = String(a.rank);
        mark.style.background = a.rank === 0 ? '#ffb347' : '#ffe27a';
        range.surroundContents(mark);
        pieces.set(a.rank, [{ mark, at: s }, ...(pieces.get(a.rank) ?? [])]);
      }
    }
    pieces.get(0)?.[0].mark.scrollIntoView({ block: 'center' });
    return answers.map((_, rank) => {
      const p = pieces.get(rank);
      return p ? { text: p.map(({ mark }) => mark.textContent).join(''), start: p[0].at, marks: p.length } : null;
    });
  }

  return { extract, highlight, clear };
})();

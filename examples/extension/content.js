// Injected into the page's isolated world with chrome.scripting (never the page's own context).
//
// extractText(root) reads the text a person sees, as one string, with a map back to the text nodes
// it came from; markAnswers(segments, answers) wraps answers in <mark>s and returns what it did, so
// that unmark() puts every node back exactly as it was. Both are plain functions of the DOM (the
// tests call them on a page); extract() / highlight() / clear() keep the state between the calls the
// service worker makes.
globalThis.koreanQa ??= (() => {
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // Elements whose content is never shown as text (lower-cased local names; SVG's included).
  const SKIP = new Set([
    'script', 'style', 'noscript', 'template', 'option', 'optgroup', 'select', 'datalist', 'head',
    'title', 'meta', 'link', 'object', 'embed', 'canvas', 'video', 'audio', 'img', 'desc', 'metadata',
    'defs', 'symbol', 'clippath', 'mask', 'pattern', 'marker', 'lineargradient', 'radialgradient', 'filter',
  ]);
  const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel']);
  const FIELDS = new Set(['input', 'textarea', 'select', 'option']);
  const WS = /[ \t\n\f\r]/; // the white space CSS collapses (not U+00A0, not U+3000)

  /** Builds the text and its segments: per text node, runs mapping text offsets to node offsets. */
  class TextBuilder {
    constructor(max) {
      this.parts = [];
      this.length = 0;
      this.last = '\n'; // the start counts as the start of a line
      this.segments = [];
      this.pending = null; // collapsible white space not yet written: { node, from, to }
      this.max = max;
      this.truncated = false;
      this.brk = false; // a newline is due before the next text
    }

    /** Appends `s`; `node`'s characters [from, to) show as it (to - from === s.length, or one collapsed space). */
    emit(s, node, from, to, kind = 'text') {
      if (this.truncated) return;
      if (this.brk) {
        this.brk = false;
        this.push('\n');
        if (this.truncated) return;
      }
      if (this.length + s.length > this.max) {
        let keep = this.max - this.length;
        if (keep > 0 && /[\ud800-\udbff]/.test(s[keep - 1])) keep--; // never split a surrogate pair
        this.truncated = true;
        if (keep <= 0) return;
        if (to - from === s.length) to = from + keep;
        s = s.slice(0, keep);
      }
      let seg = this.segments.at(-1);
      if (!seg || seg.node !== node || seg.end !== this.length) {
        seg = { node, kind, data: kind === 'text' ? node.data : s, start: this.length, end: this.length, runs: [] };
        this.segments.push(seg);
      }
      seg.runs.push({ at: this.length, n: s.length, from, to });
      seg.end += s.length;
      this.push(s);
    }

    /** Text that belongs to no node (a newline). */
    push(s) {
      if (this.length + s.length > this.max) return void (this.truncated = true);
      this.parts.push(s);
      this.length += s.length;
      this.last = s.at(-1);
    }

    /** White space that was waiting shows as one space, unless a line starts here. */
    flush() {
      const p = this.pending;
      this.pending = null;
      if (p && this.last !== '\n' && !this.brk) this.emit(' ', p.node, p.from, p.to);
    }

    /**
     * A block boundary or <br>: one newline before the next text (never two in a row, none at the
     * start or the end), belonging to no node.
     */
    lineBreak() {
      this.pending = null;
      if (this.last !== '\n') this.brk = true;
    }

    text(node, mode) {
      const data = node.data;
      if (mode === 'preserve' || mode === 'break-spaces') {
        if (!data) return;
        this.flush();
        this.emit(data, node, 0, data.length);
        return;
      }
      const lines = mode === 'preserve-breaks';
      const re = lines ? /\n|[ \t\f\r]+|[^ \t\n\f\r]+/g : /[ \t\n\f\r]+|[^ \t\n\f\r]+/g;
      for (const m of data.matchAll(re)) {
        const from = m.index;
        const to = from + m[0].length;
        if (lines && m[0] === '\n') {
          this.pending = null;
          this.emit('\n', node, from, to);
        } else if (WS.test(m[0][0])) {
          if (!this.pending) this.pending = { node, from, to };
          else if (this.pending.node === node && this.pending.to === from) this.pending.to = to;
        } else {
          this.flush();
          this.emit(m[0], node, from, to);
        }
        if (this.truncated) return;
      }
    }

    field(el, value) {
      this.flush();
      this.emit(value, el, 0, value.length, 'field');
    }
  }

  const styleOf = (el) => el.ownerDocument.defaultView.getComputedStyle(el);
  const isBlock = (display) => !(display.startsWith('inline') || display === 'contents' || display.startsWith('ruby'));

  function whiteSpace(style) {
    const collapse = style.whiteSpaceCollapse; // 'collapse' | 'preserve' | 'preserve-breaks' | 'break-spaces'
    if (collapse) return collapse;
    const ws = style.whiteSpace;
    return ws === 'pre' || ws === 'pre-wrap' ? 'preserve' : ws === 'pre-line' ? 'preserve-breaks' : ws === 'break-spaces' ? 'break-spaces' : 'collapse';
  }

  /**
   * Content no one sees although it is "visible": screen-reader-only text (".blind", ".sr-only":
   * clipped away or squeezed into a 1px box), skip links placed off the page (left: -9999px), and
   * collapsed boxes that clip what they hold (height: 0; overflow: hidden).
   */
  function visuallyHidden(el, style) {
    if (/^inset\((50|100)%\)$/.test(style.clipPath)) return true;
    const positioned = style.position === 'absolute' || style.position === 'fixed';
    if (positioned) {
      const clip = style.clip.match(/^rect\((-?[\d.]+)px,? (-?[\d.]+)px,? (-?[\d.]+)px,? (-?[\d.]+)px\)$/);
      if (clip) {
        const [top, right, bottom, left] = clip.slice(1).map(Number);
        if (bottom <= top || right <= left) return true;
      }
    }
    const clips = style.overflowX !== 'visible' && style.overflowY !== 'visible' && !style.display.startsWith('inline');
    if (!positioned && !clips) return false;
    const r = el.getBoundingClientRect();
    if (clips && (r.width <= 1 || r.height <= 1)) return true;
    const view = el.ownerDocument.defaultView;
    return positioned && (r.right + view.scrollX <= 0 || r.bottom + view.scrollY <= 0);
  }

  /** The element's shadow root: a closed one too where the content-script API can see it. */
  function shadowOf(el) {
    if (el.shadowRoot) return el.shadowRoot;
    try {
      return globalThis.chrome?.dom?.openOrClosedShadowRoot?.(el) ?? null;
    } catch {
      return null; // elements of another frame's document are not accepted
    }
  }

  /** The children a person sees, in order: shadow trees instead of light children, slots filled. */
  function flatChildren(el, name) {
    const shadow = shadowOf(el);
    if (shadow) return shadow.childNodes;
    if (name === 'slot') {
      const assigned = el.assignedNodes();
      return assigned.length ? assigned : el.childNodes;
    }
    if (name === 'details' && !el.open) {
      // Closed: only its first <summary> shows.
      const summary = [...el.children].find((c) => c.localName === 'summary');
      return summary ? [summary] : [];
    }
    return el.childNodes;
  }

  /**
   * The visible text under `root` (an element or a document; default: this document's body).
   * Returns { text, segments, truncated, framesRead, framesSkipped, fields }: each segment is
   * { node, kind: 'text' | 'field', data, start, end, runs } where `data` is the node's text (or the
   * field's value) at extraction and runs map [start, end) of `text` back into it.
   */
  // `maxChars` comes from the background (limits.js); content.js runs as a classic script and
  // imports nothing, so it has no limit of its own.
  function extractText(root = document, { maxChars = Infinity } = {}) {
    const b = new TextBuilder(maxChars);
    const info = { framesRead: 0, framesSkipped: 0, fields: 0 };

    function visit(node, parentStyle) {
      if (b.truncated) return;
      if (node.nodeType === Node.TEXT_NODE) {
        if (parentStyle.visibility === 'visible') b.text(node, whiteSpace(parentStyle));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        element(node);
      }
    }

    function element(el) {
      const name = el.localName.toLowerCase();
      if (SKIP.has(name) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return;
      const style = styleOf(el);
      if (style.display === 'none') return;
      // checkVisibility() also sees hidden ancestors in the flat tree (content-visibility, closed
      // <details>); a display: contents element has no box and so always fails it.
      if (style.display !== 'contents' && el.checkVisibility && !el.checkVisibility()) return;
      if (visuallyHidden(el, style)) return;
      if (name === 'br') return void b.lineBreak();
      const block = isBlock(style.display);
      if (block) b.lineBreak();
      if (name === 'input' || name === 'textarea') {
        if (style.visibility === 'visible' && (name === 'textarea' || TEXT_INPUTS.has(el.type))) {
          const value = el.value.replace(/[ \t\n\f\r]+/g, ' ').trim();
          if (value) {
            b.field(el, value);
            info.fields++;
          }
        }
      } else if (name === 'iframe' || name === 'frame') {
        let doc = null;
        try {
          doc = el.contentDocument; // null for another origin (and for sandboxed frames)
        } catch {}
        const body = doc && (doc.body ?? doc.documentElement);
        if (body) {
          info.framesRead++;
          b.lineBreak();
          element(body);
          b.lineBreak();
        } else {
          const r = el.getBoundingClientRect();
          if (r.width > 1 && r.height > 1) info.framesSkipped++; // not counting tracking pixels
        }
      } else if (style.contentVisibility !== 'hidden') {
        for (const child of flatChildren(el, name)) visit(child, style);
      }
      if (block) b.lineBreak();
    }

    const doc = root.nodeType === Node.DOCUMENT_NODE ? root : null;
    const start = doc ? doc.body ?? doc.documentElement : root;
    if (start) element(start);
    return { text: b.parts.join(''), segments: b.segments, truncated: b.truncated, ...info };
  }

  /** The first segment whose end is after `pos` (segments are sorted and disjoint). */
  function firstSegmentAfter(segments, pos) {
    let lo = 0;
    let hi = segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].end <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The node range [from, to) that shows text [s, e) within a segment. */
  function nodeRange(seg, s, e) {
    let from = Infinity;
    let to = -Infinity;
    for (const r of seg.runs) {
      const a = Math.max(s, r.at);
      const z = Math.min(e, r.at + r.n);
      if (a >= z) continue;
      if (r.to - r.from === r.n) {
        from = Math.min(from, r.from + (a - r.at));
        to = Math.max(to, r.from + (z - r.at));
      } else {
        // One space standing for a run of collapsed white space: the whole run.
        from = Math.min(from, r.from);
        to = Math.max(to, r.to);
      }
    }
    return [from, to];
  }

  /** Why a <mark> may not go around this segment's text (null when it may). */
  function unmarkable(seg) {
    if (seg.kind === 'field') return 'form-field';
    const node = seg.node;
    if (node.ownerDocument.designMode === 'on') return 'editable';
    for (let n = node.parentNode; n; ) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.isContentEditable) return 'editable';
        if (n.namespaceURI === SVG_NS) return 'svg';
        if (FIELDS.has(n.localName)) return 'form-field';
        n = n.parentNode;
      } else {
        n = n.host ?? null; // out of a shadow root, up to its host
      }
    }
    return null;
  }

  // Our marks say who made them: a page's own <mark data-korean-qa> is never ours to unwrap.
  const OWNER = globalThis.chrome?.runtime?.id ?? 'korean-qa';

  function newMark(doc, rank) {
    const mark = doc.createElementNS(HTML_NS, 'mark');
    mark.dataset.koreanQa = String(rank);
    mark.dataset.koreanQaBy = OWNER;
    mark.style.background = rank === 0 ? '#ffb347' : '#ffe27a';
    return mark;
  }

  /** Splits one text node into pieces, the ranges in <mark>s; the node itself stays the first piece. */
  function markNode(node, ranges) {
    const doc = node.ownerDocument;
    const data = node.data;
    ranges.sort((a, b) => a.from - b.from);
    const pieces = [];
    let pos = 0;
    for (const r of ranges) {
      if (r.from > pos) pieces.push({ text: data.slice(pos, r.from) });
      pieces.push({ text: data.slice(r.from, r.to), rank: r.rank, at: r.at });
      pos = r.to;
    }
    if (pos < data.length) pieces.push({ text: data.slice(pos) });
    const record = { node, data, set: pieces[0].text, wrapper: null, added: [], marks: [] };
    const [first, ...rest] = pieces;
    if (first.rank !== undefined) {
      record.wrapper = newMark(doc, first.rank);
      node.before(record.wrapper);
      record.wrapper.append(node);
      record.marks.push({ mark: record.wrapper, rank: first.rank, at: first.at });
    }
    if (first.text !== data) node.data = first.text;
    for (const p of rest) {
      const t = doc.createTextNode(p.text);
      if (p.rank === undefined) {
        record.added.push(t);
        continue;
      }
      const mark = newMark(doc, p.rank);
      mark.append(t);
      record.added.push(mark);
      record.marks.push({ mark, rank: p.rank, at: p.at });
    }
    (record.wrapper ?? node).after(...record.added);
    return record;
  }

  /**
   * Wraps each answer's range (UTF-16 offsets into the extracted text) in <mark>s, one per text node
   * it crosses. Nothing is marked for an answer that overlaps a better one ('overlap'), that lies
   * (even partly) in an editable region, a form field or SVG ('not-highlighted', with the reason),
   * or whose text nodes changed since extraction ('changed'). Returns { results, records }:
   * results[i] = { status, reason?, text, start, marks } per answer; records undo it (unmark()).
   */
  function markAnswers(segments, answers) {
    const results = answers.map(() => ({ status: 'overlap', marks: 0 }));
    const taken = [];
    const perNode = new Map();
    for (const [rank, a] of answers.entries()) {
      if (taken.some((t) => a.start < t.end && t.start < a.end)) continue;
      taken.push(a);
      const segs = [];
      for (let i = firstSegmentAfter(segments, a.start); i < segments.length && segments[i].start < a.end; i++) segs.push(segments[i]);
      const changed = segs.some((s) => s.kind === 'text' && (!s.node.isConnected || s.node.data !== s.data));
      const reason = changed ? null : segs.map(unmarkable).find(Boolean) ?? (segs.length ? null : 'no-text');
      if (changed || reason) {
        results[rank] = changed ? { status: 'changed', marks: 0 } : { status: 'not-highlighted', reason, marks: 0 };
        continue;
      }
      results[rank] = { status: 'marked', marks: 0 };
      for (const s of segs) {
        const [from, to] = nodeRange(s, a.start, a.end);
        if (from >= to) continue;
        if (!perNode.has(s.node)) perNode.set(s.node, []);
        perNode.get(s.node).push({ from, to, rank, at: Math.max(a.start, s.start) });
      }
    }
    const records = [...perNode].map(([node, ranges]) => markNode(node, ranges));
    const marks = records.flatMap((r) => r.marks).sort((x, y) => x.at - y.at);
    for (const [rank, r] of results.entries()) {
      if (r.status !== 'marked') continue;
      const mine = marks.filter((m) => m.rank === rank);
      Object.assign(r, { text: mine.map((m) => m.mark.textContent).join(''), start: mine[0]?.at ?? null, marks: mine.length, first: mine[0]?.mark ?? null });
    }
    return { results, records };
  }

  /** Undoes markAnswers: the same nodes, with the same text, where they were. */
  function unmark(records) {
    for (const r of [...records].reverse()) {
      const intact =
        r.node.data === r.set &&
        r.added.every((n) => n.isConnected) &&
        (!r.wrapper || (r.wrapper.isConnected && r.node.parentNode === r.wrapper));
      if (intact) {
        for (const n of r.added) n.remove();
        if (r.wrapper) r.wrapper.replaceWith(r.node);
        if (r.node.data !== r.data) r.node.data = r.data;
      } else {
        // The page changed them meanwhile: only take the marks away, keeping whatever text is there.
        for (const { mark } of r.marks) if (mark.isConnected) mark.replaceWith(...mark.childNodes);
      }
    }
  }

  // State between the service worker's calls (this isolated world lives as long as the page).
  let last = null;
  let records = [];

  function clear() {
    unmark(records);
    records = [];
    // Marks left by an earlier copy of this extension (reloaded since): unwrap them, and only them.
    for (const m of document.querySelectorAll(`mark[data-korean-qa-by="${CSS.escape(OWNER)}"]`)) m.replaceWith(...m.childNodes);
  }

  /** The text offset of a DOM boundary point that lies in segment `seg`'s node. */
  function offsetIn(seg, offset) {
    for (const r of seg.runs) {
      if (offset <= r.from) return r.at;
      if (offset <= r.to) return r.at + Math.min(offset - r.from, r.n); // a collapsed run is one space
    }
    return seg.end;
  }

  /**
   * The person's selection as [start, end) offsets into the extracted text, or null when nothing
   * (or only white space) is selected. A boundary inside a text node maps through its runs; one
   * between nodes takes the edge of the first or last segment the selection touches.
   */
  function selectionRange(extracted) {
    const sel = document.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    let start = null;
    let end = null;
    for (const seg of extracted.segments) {
      if (!range.intersectsNode(seg.node)) continue;
      const from = seg.node === range.startContainer ? offsetIn(seg, range.startOffset) : seg.start;
      const to = seg.node === range.endContainer ? offsetIn(seg, range.endOffset) : seg.end;
      if (to <= from) continue;
      start ??= from;
      end = to;
    }
    if (start === null || !extracted.text.slice(start, end).trim()) return null;
    return { start, end };
  }

  /**
   * Clears old marks, then extracts; returns the text and what was read (no nodes: it crosses to
   * the worker), with `selection` ([start, end) into the text) when the person selected some.
   */
  function extract(options) {
    clear();
    last = extractText(document, options);
    const { segments, ...rest } = last;
    // A lone surrogate (a page's broken text) would make the whole context INVALID_INPUT; U+FFFD
    // in its place keeps every UTF-16 offset, so the marks still land where the answers are.
    rest.text = rest.text.toWellFormed?.() ?? rest.text;
    const selection = selectionRange(last);
    return { ...rest, segments: segments.length, ...(selection && { selection }) };
  }

  /** Scrolls to answer `rank`'s first mark and flashes its marks; false when it has none. */
  function focus(rank) {
    const marks = records.flatMap((r) => r.marks).filter((m) => m.rank === rank && m.mark.isConnected);
    if (!marks.length) return false;
    marks.sort((x, y) => x.at - y.at)[0].mark.scrollIntoView({ block: 'center', behavior: 'instant' });
    // An animation of the marks' own style only: nothing of the page's is changed, nothing is left.
    for (const { mark } of marks) {
      mark.animate([{ outline: '3px solid #e8590c', outlineOffset: '1px' }, { outline: '3px solid transparent', outlineOffset: '1px' }], {
        duration: 400,
        iterations: 3,
      });
    }
    return true;
  }

  /** Marks the answers to the last extraction and scrolls to the best marked one. */
  function highlight(answers) {
    clear();
    if (!last) return answers.map(() => ({ status: 'changed', marks: 0 }));
    const marked = markAnswers(last.segments, answers);
    records = marked.records;
    const best = marked.results.find((r) => r.first);
    best?.first.scrollIntoView({ block: 'center' });
    return marked.results.map(({ first, ...r }) => r);
  }

  return { extractText, markAnswers, unmark, extract, highlight, clear, focus };
})();

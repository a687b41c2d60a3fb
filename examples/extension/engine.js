// The extension's engine, shared by both browsers: Chrome runs it in the offscreen document
// (offscreen.js), Firefox in its background page (firefox.js), which has a DOM. One engine at a
// time (weights cached in this extension's IndexedDB by the package, so a model is downloaded
// once). A question for another model replaces it: the old engine's questions are aborted and it
// is disposed.
let pkg = null;
const loadPackage = () => {
  pkg ??= import('./pkg/index.js').catch((e) => {
    pkg = null;
    throw Object.assign(new Error(`the package is missing from the extension (build it with ./build.sh extension): ${e.message}`), {
      code: 'PACKAGE_MISSING',
    });
  });
  return pkg;
};

let current = null; // { model, engine: Promise<QaEngine>, loading: Set<listener>, jobs: Set<job> }
const jobs = new Map(); // id → job: { controller, done }
const stats = { loads: 0, disposed: 0, cancelled: 0, model: null };

function engineFor(model) {
  if (current?.model === model) return current;
  const old = current;
  const entry = { model, loading: new Set(), jobs: new Set() };
  entry.engine = loadPackage().then(({ QaEngine }) =>
    QaEngine.load({ model, backend: 'auto', onProgress: (p) => entry.loading.forEach((f) => f(p)) }),
  );
  entry.engine.catch(() => current === entry && (current = null)); // a failed load is retried next time
  current = entry;
  stats.loads++;
  stats.model = model;
  if (old) retire(old);
  return entry;
}

/** Aborts an engine's questions, waits for them, and frees it. */
async function retire(entry) {
  for (const job of entry.jobs) job.controller.abort();
  await Promise.allSettled([...entry.jobs].map((j) => j.done));
  const qa = await entry.engine.catch(() => null);
  if (!qa) return;
  try {
    await qa.dispose();
    stats.disposed++;
  } catch (e) {
    console.warn('korean-qa: dispose failed', e);
  }
}

const aborted = () => Object.assign(new Error('cancelled'), { code: 'ABORTED' });

/** Resolves with `promise`, or rejects with ABORTED as soon as `signal` aborts (the load goes on). */
function unlessAborted(promise, signal) {
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function answer(msg, job, sink) {
  const signal = job.controller.signal;
  // `sink` may say the question is no longer wanted (false): Chrome's service worker restarted
  // and forgot it.
  const report = (event) =>
    Promise.resolve()
      .then(() => sink(event))
      .then((wanted) => wanted === false && job.controller.abort(), () => {});
  const entry = engineFor(msg.model);
  entry.jobs.add(job);
  const onLoad = (p) => report({ type: 'loading', file: p.file, loaded: p.loaded, total: p.total, cached: p.cached });
  entry.loading.add(onLoad);
  try {
    let qa;
    try {
      qa = await unlessAborted(entry.engine, signal);
    } finally {
      entry.loading.delete(onLoad);
    }
    report({ type: 'stage', stage: 'answer', backend: qa.backend });
    const answers = await qa.answer(msg.question, msg.context, {
      topK: msg.topK,
      maxContextChars: msg.maxContextChars,
      signal,
      onProgress: ({ read, total, windows }) => report({ type: 'progress', read, total, windows }),
      onPartial: (answers) => report({ type: 'partial', answers }),
    });
    return { answers, backend: qa.backend };
  } catch (e) {
    // An engine that trapped (INTERNAL_ERROR) or was disposed answers nothing again: the next
    // question loads a fresh one instead of getting DISPOSED for ever.
    if ((e?.code === 'DISPOSED' || e?.code === 'INTERNAL_ERROR') && current === entry) {
      current = null;
      entry.jobs.delete(job); // this one ends with its own error, not ABORTED
      retire(entry);
    }
    throw e;
  } finally {
    entry.jobs.delete(job);
  }
}

/**
 * Answers `msg` ({ id, model, question, context, topK, maxContextChars }): resolves to
 * { answers, backend } or { error: { code, message } }, never rejects. `report(event)` gets
 * { type: 'loading' | 'stage' | 'progress' | 'partial', ... } as it goes; `cancel(id)` aborts it.
 */
export function run(msg, report) {
  const job = { controller: new AbortController() };
  jobs.set(msg.id, job);
  job.done = answer(msg, job, report)
    .catch((e) => {
      if (job.controller.signal.aborted) stats.cancelled++;
      return { error: { code: job.controller.signal.aborted ? 'ABORTED' : e?.code ?? 'ERROR', message: String(e?.message ?? e) } };
    })
    .finally(() => jobs.delete(msg.id));
  return job.done;
}

/** Aborts question `id` (it then resolves with ABORTED). */
export const cancel = (id) => jobs.get(id)?.controller.abort();

/** What was loaded, disposed and cancelled, and how many questions run now. */
export const engineStats = () => ({ ...stats, running: jobs.size });

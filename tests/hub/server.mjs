// A stand-in for huggingface.co, for the tests of loading a model straight from the hub (the real
// hub is out of reach here). It serves the repositories that scripts/make_checkpoints.py writes
// (ROOT/<owner>/<name>/ with a .hub.json) as the hub does: the model API, `resolve` with its 302 to
// a CDN on another origin for LFS files, `raw`, the error codes, Range requests and CORS; plus the
// faults a repository's .hub.json names ("fault": html | truncate | nocors | sha256 | slow).
//
//   module: const hub = await startHub({ root, api: true, host: '127.0.0.1', port: 0, cdnPort: 0 })
//           -> { url, cdnUrl, requests, setApi(on), clearRequests(), close() }
//   CLI:    node tests/hub/server.mjs ROOT [--port N] [--cdn-port M] [--no-api]
//           prints `hub URL cdn URL` on one line and serves until killed.
//
// Control endpoints on the hub origin (for browser tests or other processes): GET /__requests (the
// request log, JSON), DELETE /__requests (clears it), POST /__api?on=0|1 (switches the API).
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import http from 'node:http';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const LFS = /\.(safetensors|bin|pt)$/;
const HUB_EXPOSE =
  'X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash';
const CDN_EXPOSE = 'ETag,Content-Length,Content-Range,Accept-Ranges';
const SLOW_CHUNK = 64 * 1024;
const SLOW_MS = 20;
const HTML = '<!doctype html>\n<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>\n';

const gitBlobSha1 = (buf) => createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
const pointerText = (sha256, size) => `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;

// Hashes by inode: make_checkpoints.py hard-links the weights shared between repositories.
const hashCache = new Map();
async function hashFile(path) {
  const st = statSync(path);
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  if (!hashCache.has(key)) {
    hashCache.set(
      key,
      new Promise((resolve, reject) => {
        const sha1 = createHash('sha1').update(`blob ${st.size}\0`);
        const sha256 = createHash('sha256');
        createReadStream(path)
          .on('data', (b) => (sha1.update(b), sha256.update(b)))
          .on('error', reject)
          .on('end', () => resolve({ size: st.size, blobSha1: sha1.digest('hex'), sha256: sha256.digest('hex') }));
      }),
    );
  }
  return hashCache.get(key);
}

/** Map "owner/name" -> { id, sha, fault, files: Map(name -> file) }, hashes computed once. */
async function loadRepos(root) {
  const repos = new Map();
  for (const owner of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const name of readdirSync(join(root, owner.name), { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const dir = join(root, owner.name, name.name);
      if (!existsSync(join(dir, '.hub.json'))) continue;
      const meta = JSON.parse(readFileSync(join(dir, '.hub.json'), 'utf8'));
      const id = `${owner.name}/${name.name}`;
      const plain = new Set(meta.plainFiles ?? []);
      const files = new Map();
      const names = readdirSync(dir, { recursive: true })
        .filter((f) => !f.split(sep).some((s) => s.startsWith('.')) && statSync(join(dir, f)).isFile())
        .map((f) => f.split(sep).join('/'))
        .sort();
      for (const f of names) {
        const path = join(dir, f);
        const h = await hashFile(path);
        const file = { name: f, path, size: h.size, blobId: h.blobSha1 };
        if (LFS.test(f) && !plain.has(f)) {
          // sha256 fault: the hub claims another hash than the bytes have.
          const claimed = meta.fault === 'sha256' ? createHash('sha256').update(`not ${h.sha256}`).digest('hex') : h.sha256;
          const pointer = pointerText(claimed, h.size);
          file.lfs = { sha256: claimed, size: h.size, pointer, pointerSize: Buffer.byteLength(pointer) };
          file.blobId = gitBlobSha1(Buffer.from(pointer));
        }
        files.set(f, file);
      }
      repos.set(id, { id, sha: meta.sha, fault: meta.fault ?? null, files });
    }
  }
  return repos;
}

/** The byte range a `Range: bytes=a-b` header asks of `size` bytes: null for all, 'bad' if unsatisfiable. */
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null; // absent, multi-range or malformed: the whole file
  let start, end;
  if (m[1] === '') [start, end] = [Math.max(0, size - Number(m[2])), size - 1];
  else [start, end] = [Number(m[1]), m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)];
  return start > end || start >= size ? 'bad' : { start, end };
}

/** Sends a file's bytes (or a range of them), honouring the CDN faults. */
function sendFile(req, res, file, headers, fault = null) {
  const range = parseRange(req.headers.range, file.size);
  if (range === 'bad') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${file.size}` });
    return res.end();
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  const length = end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'Accept-Ranges': 'bytes',
    'Content-Length': length,
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${file.size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) return res.end();
  if (fault === 'truncate') {
    // The full Content-Length, half the bytes, then the connection drops.
    const stream = createReadStream(file.path, { start, end: start + Math.floor(length / 2) - 1 });
    stream.on('data', (b) => res.write(b));
    stream.on('end', () => setTimeout(() => res.destroy(), 10));
    return;
  }
  if (fault === 'slow') {
    const stream = createReadStream(file.path, { start, end, highWaterMark: SLOW_CHUNK });
    stream.on('data', (b) => {
      stream.pause();
      res.write(b);
      setTimeout(() => stream.resume(), SLOW_MS);
    });
    stream.on('end', () => res.end());
    res.on('close', () => stream.destroy());
    return;
  }
  createReadStream(file.path, { start, end }).pipe(res);
}

export async function startHub({ root, api = true, host = '127.0.0.1', port = 0, cdnPort = 0 } = {}) {
  const repos = await loadRepos(root);
  // The CDN's URLs name the repository and the (claimed) sha256.
  const cdnFiles = new Map();
  for (const repo of repos.values())
    for (const f of repo.files.values()) if (f.lfs) cdnFiles.set(`/repos/${repo.id}/${f.lfs.sha256}`, { repo, file: f });
  const requests = [];
  let apiOn = api;
  let requestId = 0;
  const state = { cdnUrl: '' };

  const cors = (origin, repo, req) =>
    repo?.fault === 'nocors'
      ? {}
      : {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Expose-Headers': origin === 'hub' ? HUB_EXPOSE : CDN_EXPOSE,
          ...(req.method === 'OPTIONS'
            ? {
                'Access-Control-Allow-Methods': 'GET,HEAD,OPTIONS',
                'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
                'Access-Control-Max-Age': '86400',
              }
            : {}),
        };

  function json(req, res, status, body, headers) {
    const data = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
  }
  const error = (req, res, status, code, message, headers) =>
    json(req, res, status, { error: message }, { ...headers, 'X-Error-Code': code, 'X-Error-Message': message });

  function log(origin, req, res) {
    const entry = { method: req.method, origin, path: req.url, range: req.headers.range ?? null, status: null };
    requests.push(entry);
    res.on('close', () => (entry.status = res.statusCode));
  }

  // /api/models/{owner}/{name}[/revision/{rev}], /api/models/{owner}/{name}/tree/{rev}, /{owner}/{name}/(resolve|raw)/{rev}/{file}
  function hub(req, res) {
    const url = new URL(req.url, 'http://hub');
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (parts[0] === '__requests' || parts[0] === '__api') {
      const h = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,POST,DELETE,OPTIONS' };
      if (req.method === 'OPTIONS') return res.writeHead(204, h).end();
      if (parts[0] === '__api' && req.method === 'POST') apiOn = url.searchParams.get('on') !== '0';
      else if (req.method === 'DELETE') requests.length = 0;
      return json(req, res, 200, parts[0] === '__api' ? { api: apiOn } : requests, h);
    }
    log('hub', req, res);
    const isApi = parts[0] === 'api';
    const [owner, name, kind, rev, ...file] = isApi ? [parts[2], parts[3], parts[4], parts[5]] : parts;
    const repo = repos.get(`${owner}/${name}`);
    const headers = { ...cors('hub', repo, req), 'X-Request-Id': `kqa-${++requestId}` };
    if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
    if (!['GET', 'HEAD'].includes(req.method)) return error(req, res, 405, 'MethodNotAllowed', 'Method not allowed', headers);
    if (isApi && !apiOn) {
      const page = Buffer.from('<!doctype html>\n<html><body><h1>404 Not Found</h1></body></html>\n');
      res.writeHead(404, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length });
      return res.end(req.method === 'HEAD' ? undefined : page);
    }
    const api = isApi && parts[1] === 'models' && (parts.length === 4 || (parts.length === 6 && kind === 'revision'));
    // The file listing huggingface_hub's snapshot_download reads (flat repositories: no directories).
    const tree = isApi && parts[1] === 'models' && parts.length === 6 && kind === 'tree';
    const files = !isApi && ['resolve', 'raw'].includes(kind) && file.length > 0;
    if (!api && !tree && !files) return error(req, res, 404, 'NotFound', 'Not found', headers);
    if (!repo) return error(req, res, 401, 'RepoNotFound', 'Repository not found', headers);
    const revision = rev ?? 'main';
    if (revision !== 'main' && revision !== repo.sha)
      return error(req, res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`, headers);
    headers['X-Repo-Commit'] = repo.sha;

    if (tree) {
      const entries = [...repo.files.values()].map((f) => ({
        type: 'file',
        oid: f.blobId,
        size: f.size,
        ...(f.lfs ? { lfs: { oid: f.lfs.sha256, size: f.size, pointerSize: f.lfs.pointerSize } } : {}),
        path: f.name,
      }));
      return json(req, res, 200, entries, headers);
    }
    if (api) {
      const blobs = url.searchParams.get('blobs') === 'true';
      const siblings = [...repo.files.values()].map((f) =>
        blobs
          ? { rfilename: f.name, blobId: f.blobId, size: f.size, ...(f.lfs ? { lfs: { sha256: f.lfs.sha256, size: f.size, pointerSize: f.lfs.pointerSize } } : {}) }
          : { rfilename: f.name },
      );
      const body = { _id: repo.sha.slice(0, 24), id: repo.id, modelId: repo.id, author: owner, sha: repo.sha, private: false, gated: false, disabled: false, siblings };
      return json(req, res, 200, body, headers);
    }
    const f = repo.files.get(file.join('/'));
    if (!f) return error(req, res, 404, 'EntryNotFound', 'Entry not found', headers);
    if (f.lfs && kind === 'raw') {
      const pointer = Buffer.from(f.lfs.pointer);
      res.writeHead(200, { ...headers, ETag: `"${f.blobId}"`, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': pointer.length });
      return res.end(req.method === 'HEAD' ? undefined : pointer);
    }
    if (f.lfs) {
      res.writeHead(302, {
        ...headers,
        Location: `${state.cdnUrl}/repos/${repo.id}/${f.lfs.sha256}?download=1`,
        ETag: `"${f.blobId}"`,
        'X-Linked-ETag': `"${f.lfs.sha256}"`,
        'X-Linked-Size': f.size,
        'Content-Length': 0,
      });
      return res.end();
    }
    const type = f.name.endsWith('.json') ? 'application/json; charset=utf-8' : f.name.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/octet-stream';
    sendFile(req, res, f, { ...headers, ETag: `"${f.blobId}"`, 'Content-Type': type });
  }

  // /repos/{owner}/{name}/{sha256}
  function cdn(req, res) {
    log('cdn', req, res);
    const hit = cdnFiles.get(new URL(req.url, 'http://cdn').pathname);
    const headers = cors('cdn', hit?.repo, req);
    if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
    if (!hit || !['GET', 'HEAD'].includes(req.method)) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain', 'Content-Length': 10 });
      return res.end(req.method === 'HEAD' ? undefined : 'Not Found\n');
    }
    if (hit.repo.fault === 'html') {
      const page = Buffer.from(HTML);
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length });
      return res.end(req.method === 'HEAD' ? undefined : page);
    }
    sendFile(req, res, hit.file, {
      ...headers,
      ETag: `"${hit.file.lfs.sha256}"`,
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${hit.file.name.split('/').pop()}"`,
    }, hit.repo.fault);
  }

  const listen = (handler, p) =>
    new Promise((resolve, reject) => {
      const server = http.createServer((req, res) => {
        try {
          handler(req, res);
        } catch (e) {
          res.destroy(e);
        }
      });
      server.once('error', reject).listen(p, host, () => resolve(server));
    });
  const hubServer = await listen(hub, port);
  const cdnServer = await listen(cdn, cdnPort);
  const url = `http://${host}:${hubServer.address().port}`;
  state.cdnUrl = `http://${host}:${cdnServer.address().port}`;
  return {
    url,
    cdnUrl: state.cdnUrl,
    requests,
    repos,
    setApi: (on) => void (apiOn = Boolean(on)),
    clearRequests: () => void (requests.length = 0),
    close: () =>
      Promise.all(
        [hubServer, cdnServer].map((s) => new Promise((resolve) => (s.close(resolve), s.closeAllConnections()))),
      ),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (flag) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : 0);
  const root = args.find((a, i) => !a.startsWith('--') && !['--port', '--cdn-port'].includes(args[i - 1]));
  if (!root) {
    console.error('usage: node tests/hub/server.mjs ROOT [--port N] [--cdn-port M] [--no-api]');
    process.exit(2);
  }
  const hub = await startHub({ root, api: !args.includes('--no-api'), port: opt('--port'), cdnPort: opt('--cdn-port') });
  console.log(`hub ${hub.url} cdn ${hub.cdnUrl}`);
}

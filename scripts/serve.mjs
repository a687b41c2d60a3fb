// Static server for browser tests and benches: 127.0.0.1 only, counts requests per path, and can
// send COOP/COEP headers (cross-origin isolation, for wasm threads).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * @param {Record<string, string>} mounts URL prefix → directory, e.g. { '/pkg/': 'pkg' }
 * @param {{ port?: number, isolate?: boolean, handlers?: Record<string, (req, res, path: string) => void> }} [opts]
 *   `handlers`: URL prefix → a function that answers instead of a file (tests script a server's
 *   misbehaviour with it)
 */
export async function serve(mounts, { port = 0, isolate = false, handlers = {} } = {}) {
  const counts = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p;
    try {
      p = decodeURIComponent(url.pathname);
    } catch {
      return void res.writeHead(400).end('bad request');
    }
    counts.set(p, (counts.get(p) ?? 0) + 1);
    const handler = Object.keys(handlers)
      .filter((m) => p.startsWith(m))
      .sort((a, b) => b.length - a.length)[0];
    if (handler !== undefined) return void handlers[handler](req, res, p);
    const prefix = Object.keys(mounts)
      .filter((m) => p.startsWith(m))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix === undefined) return void res.writeHead(404).end('not found');
    const root = path.resolve(mounts[prefix]);
    let file = path.resolve(root, '.' + p.slice(prefix.length - 1));
    // Inside the mount: `root + sep` so that a sibling such as www2/ is not inside www/.
    if (file !== root && !file.startsWith(root + path.sep)) return void res.writeHead(403).end('forbidden');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404).end('not found');
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': fs.statSync(file).size,
      'cache-control': 'no-cache',
    };
    if (isolate) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    count: (p) => counts.get(p) ?? 0,
    paths: () => [...counts.keys()],
    reset: () => counts.clear(),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// `node scripts/serve.mjs PORT prefix=dir ...`: the demo server of ./build.sh demo.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [port, ...pairs] = process.argv.slice(2);
  const mounts = Object.fromEntries(pairs.map((p) => p.split('=')));
  const s = await serve(mounts, { port: Number(port), isolate: process.env.KQA_ISOLATE === '1' });
  console.log(`serving ${Object.entries(mounts).map(([k, v]) => `${k} → ${v}`).join(', ')} at ${s.url}/`);
}

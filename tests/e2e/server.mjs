// The test web server: HTTP and HTTPS on ONE loopback port, so Chromium's
// `--host-resolver-rules=MAP * 127.0.0.1:PORT` sends every host and both schemes here
// (no root, no ports 80/443).
//
// What it serves, by the request's Host header and path:
//   1. a case page: `tests/cases/<case>/page.html` at the URL named in that case's
//      `snapshot.json` (one fixture, three layers: extractor, native core test, e2e);
//   2. a site file: `tests/e2e/sites/<host>/<path>` (`index.html` for a directory);
//   3. the same path under `tests/e2e/sites/_default/`;
//   4. otherwise 404.
// `/_slow/<ms>` on any host answers a 1×1 GIF after that many milliseconds (at most 20 s), for a
// page whose load event has to wait.
// A sibling `<file>.headers.json` (e.g. `page.html.headers.json`) adds response headers,
// such as a strict Content-Security-Policy. A POST to any path answers a small
// "form received" page, so a test can submit a fixture's login form.
//
// Every request is counted and logged (`requests`, `log`): tests use the log to check
// that the extension itself never contacts a site.
//
// Module: `const { port, close, requests, log } = await startServer({ port })`.
// CLI:    `node server.mjs [--port N]` (or RG_PORT=N); serves until killed.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SITES_DIR = path.join(HERE, 'sites');
export const CASES_DIR = path.resolve(HERE, '..', 'cases');

/** First byte of a TLS record carrying a handshake (ClientHello). */
const TLS_HANDSHAKE = 0x16;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

let certPromise = null;

/**
 * A self-signed certificate made with the openssl CLI, once per process, in a temp dir.
 * Chromium is started with `--ignore-certificate-errors`, so any name is accepted.
 * @returns {Promise<{ key: Buffer, cert: Buffer }>}
 */
export function testCertificate() {
  certPromise ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-cert-'));
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=records-guard-test',
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    const pair = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
    fs.rmSync(dir, { recursive: true, force: true });
    return pair;
  })();
  return certPromise;
}

/**
 * Every case folder under tests/cases with its parsed snapshot URL.
 * @returns {{ name: string, dir: string, url: URL }[]}
 */
export function listCases() {
  if (!fs.existsSync(CASES_DIR)) return [];
  return fs.readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(CASES_DIR, d.name))
    .filter((dir) => fs.existsSync(path.join(dir, 'snapshot.json')) && fs.existsSync(path.join(dir, 'page.html')))
    .map((dir) => {
      const snapshot = JSON.parse(fs.readFileSync(path.join(dir, 'snapshot.json'), 'utf8'));
      return { name: path.basename(dir), dir, url: new URL(snapshot.url) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `host + pathname` (and the scheme-qualified form) → case page file. */
function caseRoutes() {
  const exact = new Map(); // "https://host/path" → file
  const any = new Map(); // "host/path" → file (either scheme)
  for (const c of listCases()) {
    const file = path.join(c.dir, 'page.html');
    exact.set(`${c.url.protocol}//${c.url.hostname}${c.url.pathname}`, file);
    if (!any.has(`${c.url.hostname}${c.url.pathname}`)) any.set(`${c.url.hostname}${c.url.pathname}`, file);
  }
  return { exact, any };
}

/** A file under `root` for a URL path, or null; never escapes `root`. */
function fileUnder(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return null;
  }
  if (stat.isDirectory()) {
    const index = path.join(full, 'index.html');
    return fs.existsSync(index) ? index : null;
  }
  return stat.isFile() && !full.endsWith('.headers.json') ? full : null;
}

/** The host name from a Host header, lower case, without port; '' if unusable. */
function hostOf(header) {
  const host = String(header ?? '').toLowerCase().replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^[a-z0-9.-]{1,253}$/.test(host) ? host : '';
}

/** Which file answers `scheme://host/path`, or null. */
export function resolveFile(scheme, host, urlPath) {
  const routes = caseRoutes();
  const casePage = routes.exact.get(`${scheme}://${host}${urlPath}`) ?? routes.any.get(`${host}${urlPath}`);
  if (casePage) return casePage;
  if (host && host !== '_default') {
    const siteRoot = path.join(SITES_DIR, host);
    if (fs.existsSync(siteRoot)) {
      const f = fileUnder(siteRoot, urlPath);
      if (f) return f;
    }
  }
  return fileUnder(path.join(SITES_DIR, '_default'), urlPath);
}

function extraHeaders(file) {
  const side = `${file}.headers.json`;
  if (!fs.existsSync(side)) return {};
  return JSON.parse(fs.readFileSync(side, 'utf8'));
}

const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const POSTED_PAGE = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Form received</title></head>
<body><h1>Form received</h1><p>The test server received the form. Nothing was stored.</p></body></html>
`;

/**
 * Start the server.
 * @param {{ port?: number, host?: string, quiet?: boolean }} [options]
 *   port: 0 (default, or RG_PORT) picks a free port.
 * @returns {Promise<{ port: number, close(): Promise<void>, readonly requests: number,
 *   log: { scheme: string, method: string, host: string, path: string, status: number,
 *          headers: Record<string, string|undefined> }[] }>}
 */
export async function startServer({ port = Number(process.env.RG_PORT ?? 0), host = '127.0.0.1', quiet = true } = {}) {
  const { key, cert } = await testCertificate();
  const log = [];

  const handler = (scheme) => (req, res) => {
    const reqHost = hostOf(req.headers.host);
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const entry = {
      scheme,
      method: req.method ?? '',
      host: reqHost,
      path: url.pathname + url.search,
      status: 0,
      headers: {
        origin: req.headers.origin,
        referer: req.headers.referer,
        'sec-fetch-site': req.headers['sec-fetch-site'],
        'sec-fetch-mode': req.headers['sec-fetch-mode'],
        'sec-fetch-dest': req.headers['sec-fetch-dest'],
        'user-agent': req.headers['user-agent'],
      },
    };
    log.push(entry);
    const send = (status, headers, body) => {
      entry.status = status;
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (!quiet) console.log(`${status} ${entry.method} ${scheme}://${reqHost}${entry.path}`);
    };

    if (req.method === 'POST') {
      req.resume(); // drain and discard the form body: nothing is kept
      req.on('end', () => send(200, { 'content-type': CONTENT_TYPES['.html'] }, POSTED_PAGE));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { allow: 'GET, HEAD, POST', 'content-type': CONTENT_TYPES['.txt'] }, 'method not allowed\n');
      return;
    }
    const slow = /^\/_slow\/(\d{1,5})$/.exec(url.pathname);
    if (slow) {
      const timer = setTimeout(() => send(200, { 'content-type': 'image/gif' }, PIXEL_GIF), Math.min(Number(slow[1]), 20_000));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    const file = resolveFile(scheme, reqHost, url.pathname);
    if (!file) {
      send(404, { 'content-type': CONTENT_TYPES['.txt'] }, `not found: ${scheme}://${reqHost}${url.pathname}\n`);
      return;
    }
    let headers;
    try {
      headers = extraHeaders(file);
    } catch (e) {
      send(500, { 'content-type': CONTENT_TYPES['.txt'] }, `bad ${path.basename(file)}.headers.json: ${e.message}\n`);
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    send(200, { 'content-type': type, ...headers }, fs.readFileSync(file));
  };

  const httpServer = http.createServer(handler('http'));
  const httpsServer = https.createServer({ key, cert }, handler('https'));
  // A failed TLS handshake (e.g. a client that rejects the certificate) is not a server error.
  httpsServer.on('tlsClientError', () => {});

  const sockets = new Set();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // Peek at the first byte, put it back, and hand the socket to the right server.
    socket.once('data', (chunk) => {
      socket.pause();
      socket.unshift(chunk);
      const target = chunk[0] === TLS_HANDSHAKE ? httpsServer : httpServer;
      target.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve();
    });
  });

  let closed = null;
  return {
    port: /** @type {net.AddressInfo} */ (front.address()).port,
    get requests() {
      return log.length;
    },
    log,
    close() {
      closed ??= new Promise((resolve) => {
        front.close(() => resolve());
        for (const s of sockets) s.destroy();
        httpServer.close();
        httpsServer.close();
      });
      return closed;
    },
  };
}

function cliPort(argv) {
  const i = argv.indexOf('--port');
  if (i >= 0 && argv[i + 1] !== undefined) return Number(argv[i + 1]);
  const eq = argv.find((a) => a.startsWith('--port='));
  if (eq) return Number(eq.slice('--port='.length));
  return Number(process.env.RG_PORT ?? 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = cliPort(process.argv.slice(2));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node server.mjs [--port N]   (N in 0..65535; 0 = any free port)');
    process.exit(2);
  }
  const server = await startServer({ port, quiet: false });
  console.log(`records-guard test server: http and https on 127.0.0.1:${server.port}`);
  console.log(`  Chromium: --host-resolver-rules="MAP * 127.0.0.1:${server.port}, EXCLUDE localhost" --ignore-certificate-errors`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

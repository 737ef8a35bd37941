// A tiny HTTP proxy that sends every host to one loopback port: Firefox's counterpart of
// Chromium's `--host-resolver-rules=MAP * 127.0.0.1:PORT`. Firefox has no rule that maps hosts to
// a port, but it does honour a proxy set in its preferences, so `http://access.login.nhs.uk/` and
// `https://access.login.nhs.uk/` reach tests/e2e/server.mjs without root, DNS or ports 80/443.
//
// - `CONNECT host:443` (https): answer 200, then pipe the bytes to the target port untouched. The
//   test server sniffs the TLS handshake; Firefox accepts its self-signed certificate because the
//   session asks for `acceptInsecureCerts`.
// - Anything else (plain http, sent to a proxy in absolute form `GET http://host/path`): pipe the
//   connection to the target as it is; node's HTTP server takes absolute-form requests and the
//   Host header still names the site.
//
// Firefox's own services (remote settings, safe browsing and the like, under `refuse`) get a 403
// instead: they are not what the tests visit, and a release build cannot be told to stop calling
// them. Every destination asked for is recorded in `targets` (e.g. `CONNECT nhs-login-verify.com:443`,
// the first request of each connection), the refused ones also in `refused`.

import net from 'node:net';

/** Longest request head read before giving up on a connection. */
const MAX_HEAD_BYTES = 16 * 1024;

/** The domains of Firefox's own background services. */
export const FIREFOX_SERVICES = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net)$/i;

/** `host` of `host:port`, `http://host[:port]/path` or `[v6]:port`, lower case. */
function hostOf(target) {
  const authority = /^[a-z]+:\/\//i.test(target) ? target.replace(/^[a-z]+:\/\//i, '').split('/')[0] : target;
  return authority.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * @param {{ targetPort: number, host?: string, refuse?: RegExp }} options
 * @returns {Promise<{ port: number, targets: string[], refused: string[], close(): Promise<void> }>}
 */
export async function startProxy({ targetPort, host = '127.0.0.1', refuse = FIREFOX_SERVICES }) {
  const targets = [];
  const refused = [];
  const sockets = new Set();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const blank = head.indexOf('\r\n\r\n');
      if (blank < 0) {
        if (head.length > MAX_HEAD_BYTES) client.destroy();
        return;
      }
      client.off('data', onData);
      client.pause();
      const [method, target] = head.subarray(0, head.indexOf('\r\n')).toString('latin1').split(' ');
      targets.push(`${method} ${target}`);
      if (refuse.test(hostOf(String(target)))) {
        refused.push(`${method} ${target}`);
        client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }
      const upstream = net.connect(targetPort, host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('connect', () => {
        if (method === 'CONNECT') {
          // The CONNECT head is for the proxy only; what follows it already belongs to the tunnel.
          const rest = head.subarray(blank + 4);
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (rest.length > 0) upstream.write(rest);
        } else {
          upstream.write(head);
        }
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    client.on('data', onData);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let closed = null;
  return {
    port: /** @type {net.AddressInfo} */ (server.address()).port,
    targets,
    refused,
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

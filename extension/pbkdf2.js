// PBKDF2-HMAC-SHA-256 in plain JavaScript, for pages that are no secure context (http): the browser
// gives their scripts, ours too, no `crypto.subtle`, and the reuse check must still make the same
// fingerprint there, in the page, so that the password never leaves it (passwords.js). The worker
// adds this file only to such a page, with its answer to `password-setup`. A plain script with no
// extension APIs: tests load it anywhere and compare it with WebCrypto.
//
//   globalThis.rgPbkdf2.derive(passwordBytes, saltBytes, iterations) → Uint8Array(32)
//
// The first 32-byte block of the derived key, all the fingerprint needs (it keeps 37 bits).
(() => {
  'use strict';
  if (globalThis.rgPbkdf2) return;

  // prettier-ignore
  const K = Int32Array.of(
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  );
  const IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
  const BLOCK = 64;
  const W = new Int32Array(64); // the message schedule; W[0..15] is the block to compress

  /** One SHA-256 compression of the block in W[0..15] into the state `h` (8 words). */
  function compress(h) {
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15];
      const y = W[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    let f = h[5];
    let g = h[6];
    let k = h[7];
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + k) | 0;
  }

  /** SHA-256 of `bytes`, going on from `state` after `before` bytes (whole blocks) → 8 words. */
  function finish(state, before, bytes) {
    const h = Int32Array.from(state);
    const padded = new Uint8Array(Math.ceil((bytes.length + 9) / BLOCK) * BLOCK);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    const view = new DataView(padded.buffer);
    const bits = (before + bytes.length) * 8;
    view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(padded.length - 4, bits >>> 0);
    for (let at = 0; at < padded.length; at += BLOCK) {
      for (let i = 0; i < 16; i++) W[i] = view.getInt32(at + 4 * i);
      compress(h);
    }
    return h;
  }

  function bytesOf(words) {
    const out = new Uint8Array(words.length * 4);
    const view = new DataView(out.buffer);
    words.forEach((word, i) => view.setInt32(4 * i, word));
    return out;
  }

  /** The state after one block of the key XOR `pad` (HMAC's inner or outer start). */
  function keyed(key, pad) {
    const h = Int32Array.from(IV);
    const block = new Uint8Array(BLOCK).fill(pad);
    for (let i = 0; i < key.length; i++) block[i] = key[i] ^ pad;
    const view = new DataView(block.buffer);
    for (let i = 0; i < 16; i++) W[i] = view.getInt32(4 * i);
    compress(h);
    return h;
  }

  /** The 32-byte HMAC `state` applied to a 32-byte message already in W[0..7], into `out`. */
  function hmacOf32(start, out) {
    out.set(start);
    W[8] = 0x80000000 | 0;
    W.fill(0, 9, 15);
    W[15] = (BLOCK + 32) * 8;
    compress(out);
  }

  function derive(password, salt, iterations) {
    const key = password.length > BLOCK ? bytesOf(finish(IV, 0, password)) : password;
    const inner = keyed(key, 0x36);
    const outer = keyed(key, 0x5c);
    const first = new Uint8Array(salt.length + 4);
    first.set(salt);
    first[salt.length + 3] = 1; // block number 1
    const u = finish(outer, BLOCK, bytesOf(finish(inner, BLOCK, first)));
    const result = Int32Array.from(u);
    const mid = new Int32Array(8);
    for (let i = 1; i < iterations; i++) {
      W.set(u);
      hmacOf32(inner, mid);
      W.set(mid);
      hmacOf32(outer, u);
      for (let j = 0; j < 8; j++) result[j] ^= u[j];
    }
    return bytesOf(result);
  }

  globalThis.rgPbkdf2 = Object.freeze({ derive });
})();

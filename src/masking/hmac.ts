// HMAC-SHA256 of short texts under a fixed key, for the keyed-hash tokens of a records page (a
// token per row key and per KEYED_HASH value: a hundred or a thousand per page). node:crypto's
// createHmac costs 1.5–3.5 µs a call, most of it creating the Hmac object and crossing into C++
// three times; the two 64-byte key blocks it hashes again on every call are the same for every
// call under one key. Here their SHA-256 states are computed once per key (RFC 2104's padded
// keys, FIPS 180-4's compression function), and a token of a value up to MAX_FAST_BYTES bytes
// costs two compressions in JavaScript (about 0.5 µs). The result is HMAC-SHA256 exactly:
// test/unit/hmac.test.ts compares it with node:crypto over thousands of random texts, and longer
// texts go to node:crypto itself. Pure functions, no I/O.
import { createHmac } from "node:crypto";

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Texts longer than this (in UTF-8 bytes) are hashed by node:crypto. */
export const MAX_FAST_BYTES = 247; // with its padding (9 bytes at least), the inner message fits BLOCKS blocks
const BLOCKS = 4;

// Scratch space, reused by every call (JavaScript runs one call at a time).
const W = new Int32Array(64);
const H = new Int32Array(8);
const block = new Uint8Array(64 * BLOCKS);
const digest = Buffer.alloc(18);
const encoder = new TextEncoder();

/** SHA-256's compression of the 64-byte block of `m` at `off` into the state `h`. */
function compress(h: Int32Array, m: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15];
    const y = W[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
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

/** A key made ready: the SHA-256 states after its inner and outer padded blocks. */
export interface HmacKey {
  readonly key: Buffer;
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

/**
 * The inner and outer padded keys of HMAC-SHA256 (RFC 2104): the key, zero-padded to SHA-256's
 * 64-byte block, XORed with 0x36 and with 0x5c. SQL filters on tokens hash with these too
 * (records.service.ts tokenSql).
 */
export function hmacPads(key: Buffer): { inner: Buffer; outer: Buffer } {
  if (key.length > 64) throw new Error("an HMAC-SHA256 key longer than 64 bytes must be hashed first");
  const inner = Buffer.alloc(64, 0x36);
  const outer = Buffer.alloc(64, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] ^= key[i];
    outer[i] ^= key[i];
  }
  return { inner, outer };
}

export function hmacKey(key: Buffer): HmacKey {
  const pads = hmacPads(key);
  const inner = IV.slice();
  const outer = IV.slice();
  compress(inner, pads.inner, 0);
  compress(outer, pads.outer, 0);
  return { key: Buffer.from(key), inner, outer };
}

/** Writes the big-endian words of `h` (first `bytes` bytes) into `out` at `off`. */
function putWords(h: Int32Array, out: Uint8Array, off: number, bytes: number): void {
  for (let i = 0; i < bytes; i++) out[off + i] = (h[i >> 2] >>> (24 - 8 * (i & 3))) & 0xff;
}

/** Sets SHA-256's padding in `block` after its first `n` message bytes, for `total` bytes hashed in all; returns the end. */
function pad(n: number, total: number): number {
  let end = n;
  block[end++] = 0x80;
  while (end % 64 !== 56) block[end++] = 0;
  const bits = total * 8; // texts here are far below 2^32 bits
  block[end++] = 0;
  block[end++] = 0;
  block[end++] = 0;
  block[end++] = 0;
  block[end++] = (bits >>> 24) & 0xff;
  block[end++] = (bits >>> 16) & 0xff;
  block[end++] = (bits >>> 8) & 0xff;
  block[end++] = bits & 0xff;
  return end;
}

/**
 * The first 18 bytes of HMAC-SHA256(key, UTF-8 of `text`), as 24 characters of base64url: what
 * `createHmac("sha256", key).update(text).digest("base64url").slice(0, 24)` gives.
 */
export function hmacToken(k: HmacKey, text: string): string {
  // Three UTF-8 bytes at most per UTF-16 unit: a text this short always fits.
  if (text.length * 3 > MAX_FAST_BYTES) {
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_FAST_BYTES) return createHmac("sha256", k.key).update(text).digest("base64url").slice(0, 24);
  }
  const n = encoder.encodeInto(text, block).written;
  const end = pad(n, 64 + n);
  H.set(k.inner);
  for (let off = 0; off < end; off += 64) compress(H, block, off);
  putWords(H, block, 0, 32);
  pad(32, 64 + 32);
  H.set(k.outer);
  compress(H, block, 0);
  putWords(H, digest, 0, 18);
  return digest.toString("base64url");
}

// The keyed-hash tokens of records pages (masking/hmac.ts) are HMAC-SHA256 exactly: the same
// tokens as node:crypto gives, and as SQL computes for filters on KEYED_HASH items, so a token
// served in a page can be filtered on and joins with tokens served before.
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacKey, hmacToken, MAX_FAST_BYTES } from "../../src/masking/hmac.js";
import { keyedHash, scopeHmacKey, scopeKey } from "../../src/masking/strategies.js";
import { mulberry32 } from "../../src/demo/random.js";

const reference = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("base64url").slice(0, 24);

/** Random text of `n` UTF-16 units from ASCII, Han, fullwidth forms, astral characters and lone surrogates. */
function randomText(rand: () => number, n: number): string {
  const pools = [
    () => String.fromCharCode(0x20 + Math.floor(rand() * 95)),
    () => String.fromCharCode(0x4e00 + Math.floor(rand() * 0x5200)),
    () => String.fromCharCode(0xff01 + Math.floor(rand() * 94)),
    () => String.fromCodePoint(0x20000 + Math.floor(rand() * 0xa6d6)),
    () => String.fromCharCode(0xd800 + Math.floor(rand() * 0x800)),
    () => String.fromCharCode(Math.floor(rand() * 0x80)),
  ];
  let s = "";
  while (s.length < n) s += pools[Math.floor(rand() * pools.length)]();
  return s;
}

describe("HMAC-SHA256 tokens with the key's states computed once", () => {
  it("gives node:crypto's token for 5,000 random texts of every length around the block and fast-path bounds", () => {
    const rand = mulberry32(20261207);
    for (let round = 0; round < 5000; round++) {
      const key = randomBytes(Math.floor(rand() * 65));
      const k = hmacKey(key);
      const n = round < 300 ? round : Math.floor(rand() * 300);
      const text = randomText(rand, n);
      expect(hmacToken(k, text), `key of ${key.length} bytes, text of ${Buffer.byteLength(text)} bytes`).toBe(reference(key, text));
    }
  });

  it("gives node:crypto's token at the padding boundaries (55, 56, 63, 64 bytes …) and past the fast path", () => {
    const key = randomBytes(32);
    const k = hmacKey(key);
    for (const bytes of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 183, 184, 191, 192, MAX_FAST_BYTES - 1, MAX_FAST_BYTES, MAX_FAST_BYTES + 1, 1000, 100_000]) {
      const text = "a".repeat(bytes);
      expect(hmacToken(k, text), `${bytes} bytes`).toBe(reference(key, text));
    }
    // Three-byte characters straddling the fast path's bound.
    for (let chars = 70; chars < 90; chars++) {
      const text = "江".repeat(chars);
      expect(hmacToken(k, text), `${chars} Han characters`).toBe(reference(key, text));
    }
  });

  it("keeps the keyed-hash strategy's tokens as they were: HMAC under the scope's key, NFKC-normalised and trimmed", () => {
    const keys = { secret: "a-masking-secret-of-thirty-two-chars!", scope: "11330100MB0000001X" };
    const key = scopeKey(keys);
    expect(keyedHash("  110101199003071234 ", keys)).toBe("h_" + reference(key, "110101199003071234"));
    expect(keyedHash("ＡＢＣ１２３", keys, scopeHmacKey(keys))).toBe("h_" + reference(key, "ABC123"));
    expect(keyedHash(42, keys)).toBe("h_" + reference(key, "42"));
  });

  it("refuses a key longer than a block, as the SQL side does", () => {
    expect(() => hmacKey(Buffer.alloc(65))).toThrow(/longer than 64 bytes/);
  });
});

import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../src/privacy/random-bytes.js';

// IVs and status tokens come from the pool: a byte handed out twice would repeat an IV under the
// same key or give two cases guessable tokens.
describe('pooled random bytes', () => {
  it('hands out fresh bytes of the size asked, across many refills of the pool', () => {
    const seen = new Set<string>();
    let bytesOut = 0;
    let zeros = 0;
    for (let i = 0; i < 5_000; i++) {
      const size = [12, 16, 32][i % 3]!;
      const bytes = pooledRandomBytes(size);
      expect(bytes.length).toBe(size);
      seen.add(bytes.toString('hex'));
      bytesOut += size;
      for (const b of bytes) if (b === 0) zeros++;
    }
    // 5,000 values of 96 bits or more: any repeat means bytes were handed out twice.
    expect(seen.size).toBe(5_000);
    // The pool wipes what it hands out: bytes handed out again, or never filled, come out as
    // zeros far more often than the 1 in 256 of random bytes.
    expect(zeros / bytesOut).toBeLessThan(0.01);
  });

  it('gives each caller a buffer of its own, never all zeros, and serves large sizes directly', () => {
    const a = pooledRandomBytes(32);
    const copy = Buffer.from(a);
    const b = pooledRandomBytes(32);
    b.fill(0);
    for (let i = 0; i < 300; i++) pooledRandomBytes(16);
    expect(a.equals(copy)).toBe(true);
    expect(a.equals(Buffer.alloc(32))).toBe(false);
    const large = pooledRandomBytes(8_192);
    expect(large.length).toBe(8_192);
    expect(large.equals(Buffer.alloc(8_192))).toBe(false);
  });
});

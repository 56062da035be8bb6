import { randomBytes, randomFillSync } from 'node:crypto';

// Random bytes for ids, IVs and secrets, served from a pool the system's generator fills 4 KiB at
// a time. Asked for a few bytes at a time (three calls per filed request, and one per row id),
// the generator cost 10 µs and more a call in a profile of intake under load, where filling the
// pool costs about as much as one call. Node's own randomUUID and randomInt keep such a cache for
// the same reason. Every byte is handed out once and wiped from the pool as it is.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** `size` bytes from the cryptographically secure generator, in a buffer of their own. */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE / 4) return randomBytes(size);
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}

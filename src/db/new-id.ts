import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// Row ids are UUIDv7: time-ordered, so a new row's key lands at the right edge of its table's
// and indexes' B-trees. With random (v4) keys every insert dirtied pages all over each index, and
// intake's commit wrote many times more pages than it changed rows. Ids are not secrets: a case
// opens only with its status token.
export function newRowId(): string {
  return v7({ random: randomBytes16() });
}

// The random part comes from a pool filled 256 ids at a time: asking the system for 16 bytes per
// id was a measurable share of intake.
const pool = Buffer.alloc(16 * 256);
let offset = pool.length;

function randomBytes16(): Uint8Array {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  return bytes;
}

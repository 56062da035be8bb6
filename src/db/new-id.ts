import { v7 } from 'uuid';
import { pooledRandomBytes } from '../privacy/random-bytes.js';

// Row ids are UUIDv7: time-ordered, so a new row's key lands at the right edge of its table's
// and indexes' B-trees. With random (v4) keys every insert dirtied pages all over each index, and
// intake's commit wrote many times more pages than it changed rows. Ids are not secrets: a case
// opens only with its status token.
export function newRowId(): string {
  return v7({ random: pooledRandomBytes(16) });
}

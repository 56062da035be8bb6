import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

// When both cores are busy, the thread answering reporters goes first: a 201 is what a frightened
// person is waiting for, while the work of the other threads is already stored. Linux schedules
// threads one by one, so a niceness set on the calling thread's own id lowers it alone. Returns
// false where there is no /proc/thread-self (not Linux): the thread then keeps the default.
export function lowerThreadPriority(niceness: number): boolean {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0) return false;
    setPriority(threadId, niceness);
    return true;
  } catch {
    return false;
  }
}

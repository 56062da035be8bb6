import { connectionOf, type Db, type DbTx } from '../db/client.js';

// Most submissions own the items (links) routed to their platform. A request-wide submission (the
// hotline for child sexual abuse material) owns none: it covers every link of the request, so the
// links are never counted twice and only platforms' answers decide whether they are gone.
// Fixed SQL: this is read for every notice built.
const OWN_URLS = 'SELECT url FROM items WHERE submission_id = ? ORDER BY position';
const REQUEST_URLS = 'SELECT url FROM items WHERE request_id = ? ORDER BY position';

export function submissionUrls(db: Db | DbTx, submission: { id: string; requestId: string }): string[] {
  return ownOrRequestUrls(db, submission.requestId, connectionOf(db).prepare(OWN_URLS).pluck().all(submission.id) as string[]);
}

/** A submission's links once its own (`own`, in position order) have been read. */
export function ownOrRequestUrls(db: Db | DbTx, requestId: string, own: string[]): string[] {
  return own.length > 0 ? own : requestUrls(db, requestId);
}

export function requestUrls(db: Db | DbTx, requestId: string): string[] {
  return [...new Set(connectionOf(db).prepare(REQUEST_URLS).pluck().all(requestId) as string[])];
}

import { submissionUrls } from '../../cases/submission-urls.js';
import type { AppDeps } from '../../app-deps.js';
import { noticeInputsFor } from '../../cases/notice-input.js';
import { inArray } from 'drizzle-orm';
import { requests, type RequestRow } from '../../db/schema.js';

export interface ManualWorkItem {
  submissionId: string;
  reference: string;
  urgent: boolean;
  platformName: string;
  createdAt: number;
  formUrl: string | null;
  text: string;
  checklist: string[];
}

// Every notice waiting for a person to file it in a platform's web form, urgent first, then
// oldest (submissions_manual_idx), with the prepared text ready to paste.
export function loadManualWork(deps: AppDeps, options: { limit: number }): ManualWorkItem[] {
  const rows = deps.database.sqlite
    .prepare(
      `SELECT id, notice_id AS noticeId, platform_id AS platformId, request_id AS requestId, created_at AS createdAt
       FROM submissions INDEXED BY submissions_manual_idx
       WHERE status = 'manual_pending'
       ORDER BY priority DESC, created_at ASC LIMIT ?`,
    )
    .all(options.limit) as Array<{ id: string; noticeId: string; platformId: string; requestId: string; createdAt: number }>;
  const cases = new Map<string, RequestRow>(
    rows.length
      ? deps.database.db
          .select()
          .from(requests)
          .where(inArray(requests.id, [...new Set(rows.map((r) => r.requestId))]))
          .all()
          .map((r) => [r.id, r])
      : [],
  );
  // A case with several notices waiting has its sealed data opened once for all of them.
  const noticeInput = noticeInputsFor(deps.keyring);
  return rows.flatMap((row) => {
    const request = cases.get(row.requestId);
    if (!request) return [];
    const adapter = deps.registry.get(row.platformId);
    const urls = submissionUrls(deps.database.db, { id: row.id, requestId: row.requestId });
    const notice =
      adapter && request.personalDataPurgedAt === null
        ? adapter.buildNotice(noticeInput({ request, submission: { noticeId: row.noticeId }, urls }))
        : null;
    const task = notice !== null ? adapter?.manualTask?.(notice) : undefined;
    return [
      {
        submissionId: row.id,
        reference: request.reference,
        urgent: request.urgent,
        platformName: adapter?.name ?? row.platformId,
        createdAt: row.createdAt,
        formUrl: task?.formUrl ?? null,
        text: task?.text ?? urls.join('\n'),
        checklist: task?.checklist ?? [],
      },
    ];
  });
}

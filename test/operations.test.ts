import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { call, createTestServices, requestBody } from './support/services.js';

const run = promisify(execFile);
// vitest sets MODE=test for its own use; the service reads MODE too.
const { MODE: _vitestMode, ...parentEnv } = process.env;
const cli = (args: string[], env: Record<string, string>) =>
  run(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/cli.ts', ...args], { env: { ...parentEnv, ...env, LOG_LEVEL: 'silent' } });

function fileServices(dir: string) {
  return createTestServices({
    platforms: [{ id: 'alpha', channel: { type: 'manual', formUrl: 'https://alpha.test/report' } }],
    config: { DATABASE_PATH: join(dir, 'takedown.db'), DATA_KEY: undefined },
  });
}

describe('operator commands', () => {
  it('keys:rotate re-seals everything under a new key and forgets the old one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-keys-'));
    const before = fileServices(dir);
    const created = await call(before.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1'], { explanation: 'keep me readable' }),
      headers: { 'idempotency-key': 'rot-1' },
    });
    const oldKeyId = before.keyring.currentId;
    before.close();

    const { stdout } = await cli(['keys:rotate'], { DATABASE_PATH: join(dir, 'takedown.db') });
    const report = JSON.parse(stdout);
    expect(report.previousId).toBe(oldKeyId);
    expect(report.currentId).not.toBe(oldKeyId);
    expect(report.resealed).toBe(3); // reporter, explanation, idempotent answer
    expect(readdirSync(dir).filter((f) => f.startsWith('data.key.previous'))).toEqual([]);

    const after = fileServices(dir);
    expect(after.keyring.currentId).toBe(report.currentId);
    const view = await call(after.app, 'GET', `/api/v1/requests/${created.json.reference}`, { token: created.json.statusToken });
    expect(view.json.submissions[0].manualTask.text).toContain('keep me readable');
    const sealed = after.database.sqlite.prepare('SELECT reporter_sealed AS r, explanation_sealed AS e FROM requests').get() as {
      r: string;
      e: string;
    };
    expect(sealed.r.split('.')[1]).toBe(report.currentId);
    expect(sealed.e.split('.')[1]).toBe(report.currentId);
    const replay = await call(after.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1'], { explanation: 'keep me readable' }),
      headers: { 'idempotency-key': 'rot-1' },
    });
    expect(replay.json.reference).toBe(created.json.reference);
  });

  it('backs up while requests keep coming in, and the backup restores whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-backup-'));
    const s = fileServices(dir);
    for (let i = 0; i < 50; i++) await call(s.app, 'POST', '/api/v1/requests', { body: requestBody([`https://alpha.test/${i}`]) });
    const backupFile = join(dir, 'backup.db');
    const writing = (async () => {
      for (let i = 50; i < 150; i++) {
        const r = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody([`https://alpha.test/${i}`]) });
        expect(r.status).toBe(201);
      }
    })();
    const { stdout } = await cli(['backup', backupFile], { DATABASE_PATH: join(dir, 'takedown.db') });
    await writing;
    expect(JSON.parse(stdout).pages).toBeGreaterThan(0);

    const copy = new Database(backupFile, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const inBackup = (copy.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
    const orphans = copy
      .prepare('SELECT count(*) AS n FROM requests r WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.request_id = r.id)')
      .get() as { n: number };
    copy.close();
    expect(inBackup).toBeGreaterThanOrEqual(50);
    expect(orphans.n).toBe(0);

    const target = join(dir, 'restored.db');
    await cli(['restore', backupFile], { DATABASE_PATH: target });
    expect(existsSync(target)).toBe(true);
    const restored = new Database(target, { readonly: true });
    expect((restored.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n).toBe(inBackup);
    restored.close();
    await expect(cli(['backup', backupFile], { DATABASE_PATH: join(dir, 'takedown.db') })).rejects.toThrow(/already exists/);
  });
});

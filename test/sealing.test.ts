import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noticeInputsFor, type NoticeRequest } from '../src/cases/notice-input.js';
import { keyFilePath, loadKeyring } from '../src/privacy/data-key.js';
import { createKeyring, open, seal, sealJson, type Keyring } from '../src/privacy/seal.js';
import { explanationContext, reporterContext } from '../src/privacy/sealed-columns.js';
import { call, createTestServices, requestBody } from './support/services.js';

// The guarantees of sealing at rest, each in a form that fails without it.
describe('sealed personal data', () => {
  const keyring = createKeyring(randomBytes(32));

  it('uses a fresh IV per value: the same words sealed twice never look alike', () => {
    const a = seal(keyring, explanationContext('r1'), 'the same explanation');
    const b = seal(keyring, explanationContext('r1'), 'the same explanation');
    expect(a).not.toBe(b);
    expect(open(keyring, explanationContext('r1'), a)).toBe('the same explanation');
  });

  it('binds a value to its row and column: copied elsewhere, it does not open', () => {
    const sealed = seal(keyring, reporterContext('request-a'), '{"email":"a@example.org"}');
    expect(() => open(keyring, reporterContext('request-b'), sealed)).toThrow();
    expect(() => open(keyring, explanationContext('request-a'), sealed)).toThrow();
    // A single flipped bit of the ciphertext is refused too.
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => open(keyring, reporterContext('request-a'), parts.join('.'))).toThrow();
  });

  it('stores the key id with each value, so values sealed under a previous key still open after a rotation', () => {
    const old = randomBytes(32);
    const sealed = seal(createKeyring(old), explanationContext('r1'), 'older words');
    const rotated = createKeyring(randomBytes(32), [old]);
    expect(sealed.split('.')[1]).not.toBe(rotated.currentId);
    expect(open(rotated, explanationContext('r1'), sealed)).toBe('older words');
    expect(() => open(createKeyring(randomBytes(32)), explanationContext('r1'), sealed)).toThrow(/no key/);
  });

  it('generates the data key on first run into the data folder, readable by its owner only, and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-key-'));
    const databasePath = join(dir, 'data', 'takedown.db');
    expect(existsSync(keyFilePath(databasePath))).toBe(false);
    const first = loadKeyring({ databasePath });
    const file = keyFilePath(databasePath);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(loadKeyring({ databasePath }).currentId).toBe(first.currentId);
  });

  it('intake seals each reporter to its own case: swapped into another case, it does not open', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const reporter = (email: string) => ({ reporter: { role: 'victim', email } });
    const a = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/a'], reporter('a@example.org')) });
    const b = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/b'], reporter('b@example.org')) });
    s.database.sqlite.exec(
      `UPDATE requests SET reporter_sealed = (SELECT reporter_sealed FROM requests WHERE reference = '${a.json.reference}')
       WHERE reference = '${b.json.reference}'`,
    );
    const sealed = s.database.sqlite.prepare('SELECT id, reporter_sealed AS r FROM requests WHERE reference = ?').get(b.json.reference) as {
      id: string;
      r: string;
    };
    expect(() => open(s.keyring, reporterContext(sealed.id), sealed.r)).toThrow();
  });

  it("opens a request's sealed data once for all of its notices built together, each still cut to what its category forwards", () => {
    let keyLookups = 0;
    const keys = new Map(keyring.keys);
    const counted: Keyring = {
      currentId: keyring.currentId,
      keys: Object.assign(Object.create(keys) as Map<string, Buffer>, {
        get: (id: string) => (keyLookups++, keys.get(id)),
      }),
    };
    const request = (id: string, category: string): NoticeRequest => ({
      id,
      reference: `TD-${id}`,
      category,
      urgent: false,
      minorInvolved: false,
      locale: 'fr',
      reporterSealed: sealJson(keyring, reporterContext(id), { role: 'victim', name: 'Ana', email: 'ana@example.be' }),
      explanationSealed: sealJson(keyring, explanationContext(id), `why ${id}`),
      createdAt: 0,
    });
    const inputs = noticeInputsFor(counted);
    const first = inputs({ request: request('r1', 'intimate_image'), submission: { noticeId: 'n1' }, urls: ['https://a.example/1'] });
    const second = inputs({ request: request('r1', 'intimate_image'), submission: { noticeId: 'n2' }, urls: ['https://b.example/1'] });
    expect(keyLookups).toBe(2);
    expect([first.noticeId, first.explanation, first.urls]).toEqual(['n1', 'why r1', ['https://a.example/1']]);
    expect([second.noticeId, second.explanation, second.urls]).toEqual(['n2', 'why r1', ['https://b.example/1']]);
    expect(second.reporter).toEqual(first.reporter);
    const other = inputs({ request: request('r2', 'child_sexual_abuse'), submission: { noticeId: 'n3' }, urls: [] });
    expect(keyLookups).toBe(4);
    expect(other.explanation).toBe('why r2');
    expect(JSON.stringify(other.reporter ?? null)).not.toContain('ana@example.be');
    // A new piece of work opens again: nothing is kept beyond it.
    noticeInputsFor(counted)({ request: request('r1', 'intimate_image'), submission: { noticeId: 'n1' }, urls: [] });
    expect(keyLookups).toBe(6);
  });
});

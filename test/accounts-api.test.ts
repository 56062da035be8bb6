import { describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema.js';
import { seedAccount } from './support/accounts.js';
import { call, createTestServices, requestBody } from './support/services.js';

describe('account management API', () => {
  it('lets an admin create an account whose key works at once and is stored only as a hash', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const admin = await seedAccount(s, 'admin');
    const res = await call(s.app, 'POST', '/api/v1/accounts', { token: admin.apiKey, body: { role: 'organisation', name: 'Scouts 12' } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(['apiKey', 'id']);
    const list = await call(s.app, 'GET', '/api/v1/requests', { token: res.json.apiKey });
    expect(list.status).toBe(200);
    const dump = JSON.stringify(s.database.sqlite.prepare('SELECT * FROM api_keys').all());
    // The secret is base64url and may itself hold `_`, so it is everything after the id.
    const secret = (res.json.apiKey as string).replace(/^tdk_[0-9a-f]{16}_/, '');
    expect(secret).toHaveLength(43);
    expect(dump).not.toContain(secret);
    const audit = s.database.db.select().from(auditLog).all();
    expect(audit.filter((a) => a.actor === `account:${admin.id}`).map((a) => a.action)).toEqual(['account_created', 'key_issued']);
  });

  it('rotates a key: the new one works, the old one is refused from that moment', async () => {
    const s = createTestServices();
    const admin = await seedAccount(s, 'admin');
    const org = await seedAccount(s, 'organisation');
    const rotated = await call(s.app, 'POST', `/api/v1/accounts/${org.id}/keys`, { token: admin.apiKey });
    expect(rotated.status).toBe(201);
    expect(rotated.json.revoked).toHaveLength(1);
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: org.apiKey })).status).toBe(401);
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: rotated.json.apiKey })).status).toBe(200);
  });

  it('keeps the other keys during a hand-over when asked, and revokes one key by id', async () => {
    const s = createTestServices();
    const admin = await seedAccount(s, 'admin');
    const org = await seedAccount(s, 'organisation');
    const rotated = await call(s.app, 'POST', `/api/v1/accounts/${org.id}/keys`, { token: admin.apiKey, body: { keepOthers: true } });
    expect(rotated.json.revoked).toEqual([]);
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: org.apiKey })).status).toBe(200);
    const oldKeyId = org.apiKey.split('_')[1];
    expect((await call(s.app, 'DELETE', `/api/v1/accounts/${org.id}/keys/${oldKeyId}`, { token: admin.apiKey })).status).toBe(204);
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: org.apiKey })).status).toBe(401);
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: rotated.json.apiKey })).status).toBe(200);
    expect((await call(s.app, 'DELETE', `/api/v1/accounts/${org.id}/keys/${oldKeyId}`, { token: admin.apiKey })).status).toBe(404);
  });

  it('refuses a key whose secret is wrong even when its id exists', async () => {
    const s = createTestServices();
    const org = await seedAccount(s, 'organisation');
    const [, id] = org.apiKey.split('_');
    const forged = `tdk_${id}_${'A'.repeat(43)}`;
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: forged })).status).toBe(401);
  });

  it('disables an account: its keys stop working, its cases stay', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const admin = await seedAccount(s, 'admin');
    const org = await seedAccount(s, 'organisation');
    const filed = await call(s.app, 'POST', '/api/v1/requests', { token: org.apiKey, body: requestBody(['https://alpha.test/1']) });
    expect(filed.status).toBe(201);
    const res = await call(s.app, 'POST', `/api/v1/accounts/${org.id}/disable`, { token: admin.apiKey });
    expect(res.status).toBe(200);
    expect(res.json.disabledAt).not.toBeNull();
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: org.apiKey })).status).toBe(401);
    expect((await call(s.app, 'GET', `/api/v1/requests/${filed.json.reference}`, { token: admin.apiKey })).status).toBe(200);
  });

  it('validates bodies and changes nothing on bad input', async () => {
    const s = createTestServices();
    const admin = await seedAccount(s, 'admin');
    const res = await call(s.app, 'POST', '/api/v1/accounts', {
      token: admin.apiKey,
      body: { role: 'superuser', name: '', login: 'x@example.org' },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['/name', '/role']);
    expect((await call(s.app, 'GET', '/api/v1/accounts', { token: admin.apiKey })).json).toHaveLength(1);
  });

  it('sets a password with a login, refusing a login another account uses', async () => {
    const s = createTestServices();
    const admin = await seedAccount(s, 'admin', { login: 'admin@example.org' });
    const cw = await seedAccount(s, 'caseworker');
    const taken = await call(s.app, 'PUT', `/api/v1/accounts/${cw.id}/password`, {
      token: admin.apiKey,
      body: { login: 'ADMIN@example.org', password: 'a long enough password' },
    });
    expect(taken.status).toBe(400);
    const short = await call(s.app, 'PUT', `/api/v1/accounts/${cw.id}/password`, {
      token: admin.apiKey,
      body: { login: 'cw@example.org', password: 'short' },
    });
    expect(short.status).toBe(400);
    const ok = await call(s.app, 'PUT', `/api/v1/accounts/${cw.id}/password`, {
      token: admin.apiKey,
      body: { login: 'cw@example.org', password: 'a long enough password' },
    });
    expect(ok.status).toBe(204);
    const listed = (await call(s.app, 'GET', '/api/v1/accounts', { token: admin.apiKey })).json.find((a: any) => a.id === cw.id);
    expect(listed).toMatchObject({ login: 'cw@example.org', canSignIn: true });
    expect(JSON.stringify(s.database.sqlite.prepare('SELECT password_hash FROM accounts').all())).not.toContain('a long enough');
  });
});

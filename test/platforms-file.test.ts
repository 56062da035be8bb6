import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInEntries } from '../platforms/catalogue/index.js';
import { readPlatformsFile } from '../platforms/platforms-file.js';
import { loadRegistry } from '../platforms/registry.js';
import type { NoticeInput } from '../platforms/types.js';
import { createUnconfiguredMailer } from '../src/mail/smtp-mailer.js';

const deps = { now: () => 0, mailer: createUnconfiguredMailer('takedown@test.invalid') };

function writeFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pf-')), 'platforms.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const input = (over: Partial<NoticeInput> = {}): NoticeInput => ({
  noticeId: 'n-1',
  reference: 'TD-AAAA-BBBB',
  category: 'intimate_image',
  urgent: false,
  minorInvolved: false,
  locale: 'en',
  urls: ['https://photoalbum.example/a/1'],
  explanation: 'x',
  reporter: null,
  goodFaith: true,
  submittedAt: '2026-01-05T09:00:00.000Z',
  ...over,
});

describe('PLATFORMS_FILE', () => {
  it('takes every built-in entry back exactly as exported (the way to correct one)', () => {
    const path = writeFile({ platforms: builtInEntries() });
    expect(readPlatformsFile(path)).toEqual(builtInEntries());
  });

  it('replaces a built-in platform and adds new ones of every channel type', () => {
    const path = writeFile({
      platforms: [
        {
          id: 'imgur',
          name: 'Imgur (corrected)',
          domains: ['imgur.com'],
          channel: { type: 'email', to: 'abuse@imgur.example', routes: [{ categories: ['child_sexual_abuse'], to: 'csam@imgur.example' }] },
          responseHours: { acknowledge: 12, remove: 24 },
          verified: true,
          note: 'confirmed by phone',
        },
        { id: 'partner', name: 'Partner', domains: ['partner.example'], channel: { type: 'http', url: 'https://api.partner.example/n' } },
        {
          id: 'photoalbum',
          name: 'Photo Album',
          domains: ['photoalbum.example'],
          channel: {
            type: 'manual',
            forms: [
              { name: 'Privacy', url: 'https://photoalbum.example/privacy', categories: ['child_photo_misuse'], checklist: ['relation'] },
              { name: 'Abuse', url: 'https://photoalbum.example/abuse', checklist: ['links'] },
            ],
          },
        },
      ],
    });
    const registry = loadRegistry({ platformsFile: path, ...deps });
    expect(registry.platforms.filter((p) => p.id === 'imgur')).toHaveLength(1);
    const imgur = registry.get('imgur')!;
    expect(imgur).toMatchObject({
      name: 'Imgur (corrected)',
      channel: 'email',
      responseHours: { acknowledge: 12, remove: 24 },
      verified: true,
    });
    expect((imgur.buildNotice(input()) as { to: string[] }).to).toEqual(['abuse@imgur.example']);
    expect((imgur.buildNotice(input({ category: 'child_sexual_abuse' })) as { to: string[] }).to).toEqual(['csam@imgur.example']);
    expect(registry.get('partner')!.channel).toBe('http');
    const album = registry.get('photoalbum')!;
    expect(album.manualTask!(album.buildNotice(input({ category: 'child_photo_misuse' }))).formUrl).toBe(
      'https://photoalbum.example/privacy',
    );
    expect(album.manualTask!(album.buildNotice(input({ category: 'harassment' }))).formUrl).toBe('https://photoalbum.example/abuse');
    // + the two from the file, + Cloudflare (built in beside the catalogue, for hosts behind it).
    expect(registry.platforms.length).toBe(builtInEntries().length + 3);
  });

  it('stops with the path and the reason on a broken file', () => {
    const bad = writeFile({
      platforms: [{ id: 'x2', name: 'X2', domains: ['x2.example'], channel: { type: 'email', to: 'not-an-address' } }],
    });
    expect(() => loadRegistry({ platformsFile: bad, ...deps })).toThrow(/platforms\.0\.channel\.to/);
    const wrongClock = writeFile({
      platforms: [
        { id: 'x3', name: 'X3', domains: ['x3.example'], channel: { type: 'manual' }, responseHours: { acknowledge: 48, remove: 4 } },
      ],
    });
    expect(() => loadRegistry({ platformsFile: wrongClock, ...deps })).toThrow(/remove must not come before acknowledge/);
    expect(() => loadRegistry({ platformsFile: writeFile('{ not json'), ...deps })).toThrow(/PLATFORMS_FILE/);
  });
});

import { describe, expect, it } from 'vitest';
import { builtInEntries, builtInPlatforms } from '../platforms/catalogue/index.js';
import { adapterFromEntry } from '../platforms/registry.js';
import { platformEntrySchema } from '../platforms/platforms-file.js';
import { createUnconfiguredMailer } from '../src/mail/smtp-mailer.js';
import { createUrlRouter } from '../src/routing/route-urls.js';

const deps = { now: () => 0, mailer: createUnconfiguredMailer('takedown@test.invalid') };
const builtIns = builtInPlatforms(deps);
const route = createUrlRouter(builtIns);
const platformOf = (url: string) => route(new URL(url)).platformId;

// Links as people paste them: share links, mobile hosts, short links and direct CDN links.
const table: Array<[string, string]> = [
  ['https://www.facebook.com/photo/?fbid=1234567890', 'facebook'],
  ['https://m.facebook.com/story.php?story_fbid=1&id=2', 'facebook'],
  ['https://web.facebook.com/groups/123/posts/456/', 'facebook'],
  ['https://facebook.com/share/p/AbCdEf/', 'facebook'],
  ['https://fb.com/some.profile', 'facebook'],
  ['https://fb.me/e/1a2b3c', 'facebook'],
  ['https://fb.watch/aBcD12eFg/', 'facebook'],
  ['https://scontent-bru2-1.xx.fbcdn.net/v/t39.30808-6/123_n.jpg?_nc_cat=1', 'facebook'],
  ['https://lookaside.fbsbx.com/lookaside/crawler/media/?media_id=1', 'facebook'],
  ['https://www.messenger.com/t/1000123', 'facebook'],
  ['https://m.me/some.page', 'facebook'],
  ['https://www.instagram.com/p/Cabc123/', 'instagram'],
  ['https://instagram.com/reel/C1x2y3z/?igsh=abc', 'instagram'],
  ['https://instagr.am/p/Cabc123/', 'instagram'],
  ['https://ig.me/m/someone', 'instagram'],
  ['https://scontent-cdg4-2.cdninstagram.com/v/t51.2885-15/1_n.jpg', 'instagram'],
  ['https://www.threads.net/@someone/post/C9xyz', 'threads'],
  ['https://www.threads.com/@someone/post/C9xyz', 'threads'],
  ['https://chat.whatsapp.com/InviteCode123', 'whatsapp'],
  ['https://www.whatsapp.com/channel/0029VaABC', 'whatsapp'],
  ['https://wa.me/32470000000', 'whatsapp'],
  ['https://mmg.whatsapp.net/v/t62.7118-24/123.enc', 'whatsapp'],
  ['https://www.tiktok.com/@someone/video/7312345678901234567', 'tiktok'],
  ['https://vm.tiktok.com/ZM123/', 'tiktok'],
  ['https://vt.tiktok.com/ZSabc/', 'tiktok'],
  ['https://m.tiktok.com/v/7312345678901234567.html', 'tiktok'],
  ['https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/abc', 'tiktok'],
  ['https://p16-sign.tiktokcdn-eu.com/tos-useast2a-p-0037/abc.jpeg', 'tiktok'],
  ['https://p19-sign.tiktokcdn-us.com/obj/abc', 'tiktok'],
  ['https://api16-normal-c-useast1a.tiktokv.com/aweme/v1/play/?video_id=1', 'tiktok'],
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
  ['https://m.youtube.com/shorts/abcDEF12345', 'youtube'],
  ['https://youtu.be/dQw4w9WgXcQ?t=42', 'youtube'],
  ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'youtube'],
  ['https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg', 'youtube'],
  ['https://rr3---sn-5hne6nzk.googlevideo.com/videoplayback?expire=1', 'youtube'],
  ['https://www.google.com/search?q=name&tbm=isch', 'google'],
  ['https://drive.google.com/file/d/1AbCdEf/view?usp=sharing', 'google'],
  ['https://photos.google.com/share/AF1Qip', 'google'],
  ['https://sites.google.com/view/someclub/photos', 'google'],
  ['https://www.google.be/search?q=x', 'google'],
  ['https://www.google.fr/imgres?imgurl=x', 'google'],
  ['https://www.google.nl/search?q=x', 'google'],
  ['https://www.google.de/search?q=x', 'google'],
  ['https://www.google.lu/search?q=x', 'google'],
  ['https://www.google.co.uk/search?q=x', 'google'],
  ['https://photos.app.goo.gl/AbCdEf123', 'google'],
  ['https://goo.gl/maps/abc', 'google'],
  ['https://lh3.googleusercontent.com/pw/AP1GczN', 'google'],
  ['https://lh5.ggpht.com/abc=s0', 'google'],
  ['https://www.blogger.com/profile/123', 'google'],
  ['https://someone.blogspot.com/2024/01/post.html', 'google'],
  ['https://x.com/someone/status/1790000000000000000', 'x'],
  ['https://twitter.com/someone/status/1790000000000000000', 'x'],
  ['https://mobile.twitter.com/someone/status/1', 'x'],
  ['https://t.co/AbC123xyz', 'x'],
  ['https://pbs.twimg.com/media/GAbcDEF.jpg?name=orig', 'x'],
  ['https://video.twimg.com/ext_tw_video/1/pu/vid/720x1280/a.mp4', 'x'],
  ['https://fxtwitter.com/someone/status/1', 'x'],
  ['https://vxtwitter.com/someone/status/1', 'x'],
  ['https://fixupx.com/someone/status/1', 'x'],
  ['https://www.snapchat.com/add/someone', 'snapchat'],
  ['https://story.snapchat.com/p/abc', 'snapchat'],
  ['https://t.snapchat.com/AbCd', 'snapchat'],
  ['https://www.snap.com/en-US/spotlight/abc', 'snapchat'],
  ['https://cf-st.sc-cdn.net/d/abc.jpg', 'snapchat'],
  ['https://www.reddit.com/r/sub/comments/abc123/title/', 'reddit'],
  ['https://old.reddit.com/r/sub/comments/abc123/', 'reddit'],
  ['https://redd.it/abc123', 'reddit'],
  ['https://i.redd.it/abcdef123.jpg', 'reddit'],
  ['https://v.redd.it/abcdef123', 'reddit'],
  ['https://preview.redd.it/abc.jpg?width=640', 'reddit'],
  ['https://b.thumbs.redditmedia.com/abc.jpg', 'reddit'],
  ['https://www.redditstatic.com/avatars/abc.png', 'reddit'],
  ['https://i.reddituploads.com/abc', 'reddit'],
  ['https://discord.com/channels/123/456/789', 'discord'],
  ['https://discord.gg/AbCdEf', 'discord'],
  ['https://discordapp.com/invite/AbCdEf', 'discord'],
  ['https://cdn.discordapp.com/attachments/1/2/image.png?ex=1', 'discord'],
  ['https://media.discordapp.net/attachments/1/2/image.png', 'discord'],
  ['https://t.me/somechannel/123', 'telegram'],
  ['https://telegram.me/somechannel', 'telegram'],
  ['https://web.telegram.org/k/#@somechannel', 'telegram'],
  ['https://cdn4.telesco.pe/file/abc.jpg', 'telegram'],
  ['https://telegra.ph/Some-Page-01-01', 'telegram'],
  ['https://www.pinterest.com/pin/123456789/', 'pinterest'],
  ['https://be.pinterest.com/pin/123456789/', 'pinterest'],
  ['https://pin.it/AbCdEf', 'pinterest'],
  ['https://i.pinimg.com/originals/ab/cd/ef.jpg', 'pinterest'],
  ['https://www.pinterest.fr/pin/123/', 'pinterest'],
  ['https://www.pinterest.de/pin/123/', 'pinterest'],
  ['https://www.pinterest.co.uk/pin/123/', 'pinterest'],
  ['https://someone.tumblr.com/post/123/title', 'tumblr'],
  ['https://www.tumblr.com/someone/123', 'tumblr'],
  ['https://64.media.tumblr.com/abc/def.jpg', 'tumblr'],
  ['https://tmblr.co/ZAbCd', 'tumblr'],
  ['https://www.twitch.tv/someone', 'twitch'],
  ['https://clips.twitch.tv/SomeClipSlug', 'twitch'],
  ['https://m.twitch.tv/videos/123', 'twitch'],
  ['https://static-cdn.jtvnw.net/cf_vods/abc/thumb.jpg', 'twitch'],
  ['https://video-edge-abc.fra02.abs.hls.ttvnw.net/v1/segment/abc.ts', 'twitch'],
  ['https://www.flickr.com/photos/someone/123456/', 'flickr'],
  ['https://flic.kr/p/2abcD', 'flickr'],
  ['https://live.staticflickr.com/65535/123_abc_b.jpg', 'flickr'],
  ['https://imgur.com/a/AbCdEf', 'imgur'],
  ['https://i.imgur.com/AbCdEf.jpg', 'imgur'],
  ['https://m.imgur.com/gallery/AbCdEf', 'imgur'],
  ['https://i.imgur.io/AbCdEf.png', 'imgur'],
  ['https://www.dropbox.com/scl/fi/abc/photo.jpg?rlkey=xyz&dl=0', 'dropbox'],
  ['https://db.tt/AbCdEf', 'dropbox'],
  ['https://dl.dropboxusercontent.com/s/abc/photo.jpg', 'dropbox'],
  ['https://onedrive.live.com/?id=ABC!123&cid=DEF', 'microsoft'],
  ['https://1drv.ms/u/s!AbCdEf', 'microsoft'],
  ['https://1drv.com/u/s!AbCdEf', 'microsoft'],
  ['https://www.onedrive.com/share/abc', 'microsoft'],
  ['https://public.am.files.1drv.com/y4m/abc', 'microsoft'],
  ['https://abc.storage.live.com/items/ABC!123', 'microsoft'],
  ['https://abc.livefilestore.com/y4m/abc.jpg', 'microsoft'],
  ['https://contoso-my.sharepoint.com/:i:/g/personal/abc', 'microsoft'],
  ['https://www.bing.com/images/search?q=x', 'microsoft'],
  ['https://vk.com/wall-123_456', 'vk'],
  ['https://m.vk.com/photo123_456', 'vk'],
  ['https://vk.ru/video-123_456', 'vk'],
  ['https://vk.me/join/AbCd', 'vk'],
  ['https://vk.cc/abcDE', 'vk'],
  ['https://vkontakte.ru/id123', 'vk'],
  ['https://sun9-12.userapi.com/impg/abc.jpg', 'vk'],
  ['https://vkvideo.ru/video-123_456', 'vk'],
  ['https://onlyfans.com/123456/someone', 'onlyfans'],
  ['https://cdn2.onlyfans.com/files/a/b/c.jpg', 'onlyfans'],
  ['https://www.pornhub.com/view_video.php?viewkey=ph123', 'pornhub'],
  ['https://fr.pornhub.com/view_video.php?viewkey=ph123', 'pornhub'],
  ['https://www.pornhub.org/view_video.php?viewkey=ph123', 'pornhub'],
  ['https://www.pornhubpremium.com/view_video.php?viewkey=ph123', 'pornhub'],
  ['https://ei.phncdn.com/videos/202401/01/1/original/abc.jpg', 'pornhub'],
  ['https://www.xvideos.com/video12345678/title', 'xvideos'],
  ['https://www.xvideos.red/video12345678/title', 'xvideos'],
  ['https://img-l3.xvideos-cdn.com/videos/thumbs169/ab/cd/ef.jpg', 'xvideos'],
];

describe('routing links to the built-in platforms', () => {
  it.each(table)('%s → %s', (url, id) => {
    expect(platformOf(url)).toBe(id);
  });

  it('has at least one link for every domain of every built-in platform', () => {
    const hosts = table.map(([u]) => new URL(u).hostname);
    const missing = builtIns.flatMap((p) =>
      p.domains.filter((d) => !hosts.some((h) => h === d || h.endsWith(`.${d}`))).map((d) => `${p.id}:${d}`),
    );
    expect(missing).toEqual([]);
  });

  it('routes upper-case hosts and a trailing dot like their plain form', () => {
    expect(platformOf('https://WWW.Instagram.COM/p/abc/')).toBe('instagram');
    expect(platformOf('https://youtu.be./abc')).toBe('youtube');
  });

  it('gives look-alike and unclaimed hosts to the hosting route, never to the platform they imitate', () => {
    expect(platformOf('https://facebook.com.evil-login.example/p/1')).toBe('host:evil-login.example');
    expect(platformOf('https://notfacebook.com/photo')).toBe('host:notfacebook.com');
    expect(platformOf('https://instagram-photos.be/p/1')).toBe('host:instagram-photos.be');
    expect(platformOf('https://www.scouts-example.be/album/kamp-2025')).toBe('host:scouts-example.be');
    expect(platformOf('https://files.example.co.uk/a.jpg')).toBe('host:example.co.uk');
    // live.com as a whole is not OneDrive: only the OneDrive and storage hosts are claimed.
    expect(platformOf('https://outlook.live.com/mail/')).toBe('host:live.com');
  });

  it('lets the most specific domain win, also over a built-in platform', () => {
    const special = adapterFromEntry(
      platformEntrySchema.parse({
        id: 'discordcdn',
        name: 'Discord CDN desk',
        domains: ['cdn.discordapp.com'],
        channel: { type: 'http', url: 'https://api.discordcdn.test/notices' },
      }),
      deps,
    );
    const r = createUrlRouter([...builtIns, special]);
    expect(r(new URL('https://cdn.discordapp.com/attachments/1/2/a.png')).platformId).toBe('discordcdn');
    expect(r(new URL('https://media.discordapp.net/attachments/1/2/a.png')).platformId).toBe('discord');
    expect(r(new URL('https://discordapp.com/invite/x')).platformId).toBe('discord');
  });

  it('keeps built-in ids and domains unique', () => {
    const entries = builtInEntries();
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const domains = entries.flatMap((e) => e.domains);
    expect(domains.filter((d, i) => domains.indexOf(d) !== i)).toEqual([]);
    expect(entries.map((e) => e.id).sort()).toEqual(
      [
        'discord',
        'dropbox',
        'facebook',
        'flickr',
        'google',
        'imgur',
        'instagram',
        'microsoft',
        'onlyfans',
        'pinterest',
        'pornhub',
        'reddit',
        'snapchat',
        'telegram',
        'threads',
        'tiktok',
        'tumblr',
        'twitch',
        'vk',
        'whatsapp',
        'x',
        'xvideos',
        'youtube',
      ].sort(),
    );
  });
});

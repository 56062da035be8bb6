import { adapterFromEntry, type AdapterDeps } from '../adapter-from-entry.js';
import { platformEntrySchema, type PlatformEntry } from '../platforms-file.js';
import type { PlatformAdapter } from '../types.js';
import { discord } from './discord.js';
import { dropbox } from './dropbox.js';
import { facebook } from './facebook.js';
import { flickr } from './flickr.js';
import { google } from './google.js';
import { imgur } from './imgur.js';
import { instagram } from './instagram.js';
import { microsoft } from './microsoft.js';
import { onlyfans } from './onlyfans.js';
import { pinterest } from './pinterest.js';
import { pornhub } from './pornhub.js';
import { reddit } from './reddit.js';
import { snapchat } from './snapchat.js';
import { telegram } from './telegram.js';
import { threads } from './threads.js';
import { tiktok } from './tiktok.js';
import { tumblr } from './tumblr.js';
import { twitch } from './twitch.js';
import { vk } from './vk.js';
import { whatsapp } from './whatsapp.js';
import { x } from './x.js';
import { xvideos } from './xvideos.js';
import { youtube } from './youtube.js';

// The built-in platforms: plain data, in the same shape as a PLATFORMS_FILE entry, so an entry
// can be copied into that file and corrected there without code. Their ids are part of the
// public contract.
const entries = [
  facebook,
  instagram,
  threads,
  whatsapp,
  tiktok,
  youtube,
  google,
  x,
  snapchat,
  reddit,
  discord,
  telegram,
  pinterest,
  tumblr,
  twitch,
  flickr,
  imgur,
  dropbox,
  microsoft,
  vk,
  onlyfans,
  pornhub,
  xvideos,
];

/** The built-in entries, validated by the PLATFORMS_FILE schema. */
export function builtInEntries(): PlatformEntry[] {
  return entries.map((e) => platformEntrySchema.parse(e));
}

export function builtInPlatforms(deps: AdapterDeps): PlatformAdapter[] {
  return builtInEntries().map((e) => adapterFromEntry(e, deps));
}

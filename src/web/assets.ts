import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sourceFile } from '../source-files.js';

// The pages' stylesheet and script, served from memory under a name that carries a hash of their
// content: a browser may keep them for a year, and a new version gets a new name.

export interface Asset {
  path: string;
  body: string;
  contentType: string;
}

const files = {
  css: { file: 'site.css', contentType: 'text/css; charset=utf-8' },
  js: { file: 'site.js', contentType: 'text/javascript; charset=utf-8' },
} as const;

export type AssetName = keyof typeof files;

let loaded: Record<AssetName, Asset> | undefined;

export function siteAssets(): Record<AssetName, Asset> {
  if (loaded) return loaded;
  const entries = Object.entries(files).map(([name, { file, contentType }]) => {
    const body = readFileSync(sourceFile(`web/assets/${file}`), 'utf8');
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const [stem, ext] = file.split('.');
    return [name, { path: `/assets/${stem}.${hash}.${ext}`, body, contentType }] as const;
  });
  loaded = Object.fromEntries(entries) as Record<AssetName, Asset>;
  return loaded;
}

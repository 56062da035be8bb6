import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sourceFile } from '../../source-files.js';

// The dashboard's stylesheet and script, under content-hashed names (cached for a year).
export interface DashboardAsset {
  path: string;
  body: string;
  contentType: string;
}

let loaded: { css: DashboardAsset; js: DashboardAsset } | undefined;

function load(file: string, contentType: string): DashboardAsset {
  const body = readFileSync(sourceFile(`web/admin/assets/${file}`), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [stem, ext] = file.split('.');
  return { path: `/admin/assets/${stem}.${hash}.${ext}`, body, contentType };
}

export function dashboardAssets() {
  loaded ??= { css: load('admin.css', 'text/css; charset=utf-8'), js: load('admin.js', 'text/javascript; charset=utf-8') };
  return loaded;
}

import { TEST_PASSWORD } from './accounts.js';
import type { TestServices } from './services.js';

// A browser-like client for app.request(): keeps cookies, sends same-origin headers on posts,
// and does not follow redirects, so tests see each step.
export function dashboardClient(s: TestServices, origin = 'http://localhost') {
  const jar = new Map<string, string>();
  async function request(method: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = origin;
    }
    const res = await s.app.request(`${origin}${path}`, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0/i.test(line) || value.join('=') === '') jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, location: res.headers.get('location') };
  }
  const csrfOf = (html: string) => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
  return {
    jar,
    get: (path: string) => request('GET', path),
    post: (path: string, form: Record<string, string>) => request('POST', path, form),
    csrfOf,
    async signIn(login: string, password = TEST_PASSWORD) {
      const page = await request('GET', '/admin/sign-in');
      return request('POST', '/admin/sign-in', { login, password, csrf: csrfOf(page.text), next: '' });
    },
  };
}

/**
 * A URL's host as routing, the hosting route and its look-ups compare it: in lower case, an IPv6
 * literal without its brackets, a fully qualified name without its final dot. `PHOTOS.example.be.`
 * and `photos.example.be` are one host, with one abuse contact.
 */
export function normalHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

export const hostOfUrl = (url: string): string => normalHost(new URL(url).hostname);

import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

// Which addresses a server-side fetch of a user-supplied URL may reach. Only globally routable
// unicast addresses pass: ipaddr.js classifies every special-purpose block (RFC 6890 and later),
// so private, loopback, link-local (169.254.169.254, the cloud metadata address, among them),
// carrier-grade NAT (100.64/10, where some clouds put theirs), multicast, unspecified,
// documentation, benchmarking, IPv4-mapped and NAT64/6to4/Teredo IPv6 forms that can smuggle an
// IPv4 address, unique-local fc00::/7 and link-local fe80::/10 are all refused.

export class SsrfError extends Error {
  readonly code = 'SSRF_BLOCKED';
  constructor(message: string) {
    super(message);
    this.name = 'SsrfError';
  }
}

export interface AddressPolicy {
  /** Tests only: lets 127.0.0.0/8 and ::1 through, nothing else. */
  allowLoopback?: boolean;
}

export interface AddressVerdict {
  allowed: boolean;
  /** ipaddr.js's name for the block the address is in ('unicast' for public ones). */
  range: string;
}

export function classifyAddress(address: string, policy: AddressPolicy = {}): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return { allowed: false, range: 'invalid' };
  const parsed = ipaddr.parse(bare);
  const range = parsed.range();
  if (range === 'unicast') return { allowed: true, range };
  if (range === 'loopback' && policy.allowLoopback) return { allowed: true, range };
  return { allowed: false, range };
}

export function assertAllowedAddress(address: string, policy: AddressPolicy = {}): void {
  const verdict = classifyAddress(address, policy);
  if (!verdict.allowed) throw new SsrfError(`address refused (${verdict.range})`);
}

/** Strict dotted-quad IPv4 or IPv6 (what `isIP` accepts); decimal, octal and hex forms are not. */
export function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}

/**
 * Checks a URL before anything is sent: only http(s), no credentials, and a host that is not an IP
 * literal in a refused block. The WHATWG URL parser has already turned `2130706433`, `0177.0.0.1`
 * and `0x7f.1` into `127.0.0.1`, which is why this takes a parsed URL and never a string.
 */
export function assertAllowedUrl(url: URL, policy: AddressPolicy = {}): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfError(`scheme refused (${url.protocol})`);
  if (url.username || url.password) throw new SsrfError('credentials in the URL refused');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new SsrfError('no host');
  if (isIpLiteral(host)) assertAllowedAddress(host, policy);
  else if (host === 'localhost' || host.endsWith('.localhost')) {
    // RFC 6761: always loopback, whatever a resolver says.
    if (!policy.allowLoopback) throw new SsrfError('address refused (loopback)');
  }
}

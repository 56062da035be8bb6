import ipaddr from 'ipaddr.js';

// Cloudflare's published edge ranges (cloudflare.com/ips-v4 and /ips-v6, as published in 2024;
// they change rarely — update this list when Cloudflare announces a change). An address in one of
// them means the site is behind Cloudflare's proxy: the hosting provider is hidden, and reports go
// to Cloudflare, which forwards them to the host.
export const cloudflareRanges = {
  ipv4: [
    '173.245.48.0/20',
    '103.21.244.0/22',
    '103.22.200.0/22',
    '103.31.4.0/22',
    '141.101.64.0/18',
    '108.162.192.0/18',
    '190.93.240.0/20',
    '188.114.96.0/20',
    '197.234.240.0/22',
    '198.41.128.0/17',
    '162.158.0.0/15',
    '104.16.0.0/13',
    '104.24.0.0/14',
    '172.64.0.0/13',
    '131.0.72.0/22',
  ],
  ipv6: ['2400:cb00::/32', '2606:4700::/32', '2803:f800::/32', '2405:b500::/32', '2405:8100::/32', '2a06:98c0::/29', '2c0f:f248::/32'],
} as const;

const parsed = [...cloudflareRanges.ipv4, ...cloudflareRanges.ipv6].map((c) => ipaddr.parseCIDR(c));

export function isCloudflareAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return parsed.some((range) => range[0].kind() === ip.kind() && ip.match(range));
}

import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a sink may not reach by default, each with the reason shown to whoever is refused.
 * The first match names the reason, so narrower ranges come before wider ones. IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`) needs no entry: node's BlockList checks it against the IPv4 rules.
 */
const DENIED: readonly { cidr: string; why: string }[] = [
  { cidr: '0.0.0.0/8', why: '"this network" (0.0.0.0/8)' },
  { cidr: '10.0.0.0/8', why: 'a private network (RFC 1918)' },
  { cidr: '100.64.0.0/10', why: 'shared carrier-grade NAT space (RFC 6598)' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '169.254.0.0/16', why: 'link-local (where cloud metadata endpoints live)' },
  { cidr: '172.16.0.0/12', why: 'a private network (RFC 1918)' },
  { cidr: '192.0.0.0/24', why: 'reserved for IETF protocol assignments' },
  { cidr: '192.0.2.0/24', why: 'reserved for documentation' },
  { cidr: '192.88.99.0/24', why: 'the 6to4 relay anycast range' },
  { cidr: '192.168.0.0/16', why: 'a private network (RFC 1918)' },
  { cidr: '198.18.0.0/15', why: 'reserved for benchmarking' },
  { cidr: '198.51.100.0/24', why: 'reserved for documentation' },
  { cidr: '203.0.113.0/24', why: 'reserved for documentation' },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '240.0.0.0/4', why: 'reserved (broadcast included)' },
  { cidr: '::1/128', why: 'loopback' },
  { cidr: '::/128', why: 'the unspecified address' },
  { cidr: '::/96', why: 'an IPv4-compatible IPv6 address (deprecated)' },
  { cidr: '64:ff9b::/96', why: 'NAT64 (translates to any IPv4 address, private ones included)' },
  { cidr: '64:ff9b:1::/48', why: 'local-use NAT64' },
  { cidr: '100::/64', why: 'discard-only' },
  { cidr: '2001:db8::/32', why: 'reserved for documentation' },
  { cidr: '2001::/23', why: 'reserved for IETF protocol assignments (Teredo included)' },
  { cidr: '2002::/16', why: '6to4 (embeds an IPv4 address)' },
  { cidr: '3fff::/20', why: 'reserved for documentation' },
  { cidr: 'fc00::/7', why: 'a unique local IPv6 network (ULA)' },
  { cidr: 'fe80::/10', why: 'link-local' },
  { cidr: 'fec0::/10', why: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', why: 'multicast' },
];

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128). Undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`Not a CIDR: ${text}`);
    list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list;
}

const deniedLists = DENIED.map(({ cidr, why }) => ({ list: blockListOf([cidr]), why }));

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** Why `address` is special-purpose (not a public unicast address), or undefined when it is public. */
export function deniedRangeOf(address: string): string | undefined {
  const family = familyOf(address);
  if (!family) return 'not an IP address';
  return deniedLists.find(({ list }) => list.check(address, family))?.why;
}

/** Membership test for configured ranges (IPv4-mapped IPv6 matches IPv4 ranges). */
export function rangeMatcher(cidrs: readonly string[]): (address: string) => boolean {
  const list = blockListOf(cidrs);
  return (address) => {
    const family = familyOf(address);
    return family !== undefined && list.check(address, family);
  };
}

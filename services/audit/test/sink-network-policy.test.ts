import { ConfigError, type ValidationError } from '@bulwark/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { deniedRangeOf, parseCidr } from '../src/domain/sinks/network-ranges.js';
import { checkSinkUrl } from '../src/domain/sinks/sink-input.js';
import {
  SinkAddressGuard,
  STRICT_SINK_NETWORK,
  sinkNetworkPolicyOf,
} from '../src/domain/sinks/sink-network-policy.js';
import { DeliveryRefused, postDelivery } from '../src/domain/webhooks/post-delivery.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const strict = new SinkAddressGuard(STRICT_SINK_NETWORK);

describe('denied address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'a private network (RFC 1918)'],
    ['172.16.0.1', 'a private network (RFC 1918)'],
    ['172.31.255.255', 'a private network (RFC 1918)'],
    ['192.168.1.1', 'a private network (RFC 1918)'],
    ['169.254.169.254', 'link-local (where cloud metadata endpoints live)'],
    ['100.100.100.200', 'shared carrier-grade NAT space (RFC 6598)'],
    ['0.0.0.0', '"this network" (0.0.0.0/8)'],
    ['192.0.0.192', 'reserved for IETF protocol assignments'],
    ['198.18.0.1', 'reserved for benchmarking'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved (broadcast included)'],
    ['::1', 'loopback'],
    ['::', 'the unspecified address'],
    ['fd00:ec2::254', 'a unique local IPv6 network (ULA)'],
    ['fc00::1', 'a unique local IPv6 network (ULA)'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2002:7f00:1::', '6to4 (embeds an IPv4 address)'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 (translates to any IPv4 address, private ones included)'],
    // IPv4-mapped IPv6, dotted and hex: checked as the IPv4 address they carry.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local (where cloud metadata endpoints live)'],
    ['::ffff:10.0.0.1', 'a private network (RFC 1918)'],
    ['::127.0.0.1', 'an IPv4-compatible IPv6 address (deprecated)'],
  ])('%s is %s', (address, why) => {
    expect(deniedRangeOf(address)).toBe(why);
    expect(strict.refusal(address)).toBe(why);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::6810:85e5',
    '::ffff:8.8.8.8',
  ])('%s is a public address', (address) => {
    expect(deniedRangeOf(address)).toBeUndefined();
    expect(strict.refusal(address)).toBeUndefined();
  });

  it('parses CIDRs and bare addresses, and nothing else', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ address: '10.20.0.0', prefix: 16, family: 'ipv4' });
    expect(parseCidr('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    expect(parseCidr('10.0.0.7')).toEqual({ address: '10.0.0.7', prefix: 32, family: 'ipv4' });
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'example.com/8', '10.0.0.0/8/1', '10.0.0.0/x', '']) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });
});

describe('sink network policy', () => {
  it('is strict by default and in production config; the allow flag and allowed CIDRs open it', () => {
    const config = loadConfig({});
    expect(sinkNetworkPolicyOf(config)).toEqual(STRICT_SINK_NETWORK);
    expect(sinkNetworkPolicyOf({})).toEqual(STRICT_SINK_NETWORK);

    const open = new SinkAddressGuard(
      sinkNetworkPolicyOf(
        loadConfig({ AUDIT_SINK_ALLOW_PRIVATE_NETWORKS: 'true', AUDIT_SINK_ALLOW_HTTP: 'true' }),
      ),
    );
    for (const address of ['127.0.0.1', '169.254.169.254', '::1', 'fd00::1']) {
      expect(open.refusal(address)).toBeUndefined();
    }
    expect(open.schemeRefusal('http:')).toBeUndefined();

    const listed = new SinkAddressGuard(
      sinkNetworkPolicyOf(loadConfig({ AUDIT_SINK_ALLOWED_CIDRS: '10.20.0.0/16, fd12:3456::/32' })),
    );
    expect(listed.refusal('10.20.9.9')).toBeUndefined();
    expect(listed.refusal('::ffff:10.20.9.9')).toBeUndefined();
    expect(listed.refusal('fd12:3456::1')).toBeUndefined();
    expect(listed.refusal('10.21.0.1')).toBe('a private network (RFC 1918)');
    expect(listed.refusal('169.254.169.254')).toMatch(/link-local/);
    expect(listed.schemeRefusal('http:')).toMatch(/must use https/);
    expect(strict.schemeRefusal('https:')).toBeUndefined();
  });

  it('refuses a config with a malformed allowed CIDR, naming the variable', () => {
    expect(() => loadConfig({ AUDIT_SINK_ALLOWED_CIDRS: '10.0.0.0/8,intranet' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_SINK_ALLOWED_CIDRS: '10.0.0.0/8,intranet' })).toThrow(
      /AUDIT_SINK_ALLOWED_CIDRS.*intranet/,
    );
  });
});

describe('sink URL check at create/update', () => {
  async function refusal(url: string, guard = strict, resolve?: (host: string) => Promise<string[]>) {
    try {
      await checkSinkUrl(url, guard, resolve ? { resolve } : {});
      return undefined;
    } catch (error) {
      return (error as ValidationError).fields?.[0];
    }
  }

  it('refuses literal special-purpose addresses in every spelling, localhost names and plain http', async () => {
    const cases: [string, RegExp][] = [
      ['https://127.0.0.1/hook', /127\.0\.0\.1 \(loopback\)/],
      ['https://2130706433/hook', /127\.0\.0\.1 \(loopback\)/],
      ['https://0x7f.1/hook', /127\.0\.0\.1 \(loopback\)/],
      ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 \(link-local/],
      ['https://10.0.0.8/', /RFC 1918/],
      ['https://192.168.0.10:8443/', /RFC 1918/],
      ['https://[::1]/hook', /::1 \(loopback\)/],
      ['https://[::ffff:127.0.0.1]/hook', /\(loopback\)/],
      ['https://[::ffff:169.254.169.254]/', /link-local/],
      ['https://[fd00::5]/', /unique local/],
      ['https://[fe80::1]/', /link-local/],
      ['https://localhost/hook', /localhost \(loopback\)/],
      ['https://LOCALHOST./hook', /localhost \(loopback\)/],
      ['https://api.localhost/hook', /api\.localhost \(loopback\)/],
      ['http://siem.example.com/hook', /must use https/],
    ];
    for (const [url, message] of cases) {
      const found = await refusal(url);
      expect(found, url).toEqual({ field: '/body/url', message: expect.stringMatching(message) });
    }
  });

  it('refuses a host name that resolves to a denied address, and names the address', async () => {
    const resolve = async (host: string) =>
      host === 'intranet.example.com' ? ['93.184.215.14', '10.9.8.7'] : ['93.184.215.14'];
    expect(await refusal('https://intranet.example.com/hook', strict, resolve)).toEqual({
      field: '/body/url',
      message:
        'must not point at intranet.example.com: it resolves to 10.9.8.7 (a private network (RFC 1918))',
    });
    expect(await refusal('https://siem.example.com/hook', strict, resolve)).toBeUndefined();
    // A name that does not resolve (yet) is accepted; delivery checks again.
    expect(await refusal('https://not-yet.example.com/hook', strict, async () => [])).toBeUndefined();
  });

  it('accepts private destinations when the deployment allows them', async () => {
    const open = new SinkAddressGuard({ allowPrivateNetworks: true, allowedCidrs: [], allowHttp: true });
    expect(await refusal('http://127.0.0.1:8080/hook', open)).toBeUndefined();
    expect(await refusal('http://localhost:8080/hook', open)).toBeUndefined();
    const listed = new SinkAddressGuard({
      allowPrivateNetworks: false,
      allowedCidrs: ['10.0.0.0/8'],
      allowHttp: false,
    });
    expect(await refusal('https://10.1.1.1/hook', listed)).toBeUndefined();
    expect(await refusal('https://192.168.1.1/hook', listed)).toMatchObject({ message: /RFC 1918/ });
  });
});

describe('delivery-time address check', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(200);
  });
  afterAll(async () => {
    await receiver.close();
  });

  const port = () => new URL(receiver.url).port;
  const post = (url: string, guard: SinkAddressGuard) =>
    postDelivery({
      url,
      secrets: ['whsec_v1_test'],
      deliveryId: `dlv_${'1'.repeat(32)}`,
      eventIds: [],
      body: '{}',
      timeoutMs: 5000,
      nowSeconds: 1_700_000_000,
      guard,
    });
  const httpOnly = new SinkAddressGuard({ allowPrivateNetworks: false, allowedCidrs: [], allowHttp: true });

  it('refuses, without sending, a host name that resolves to loopback (the resolved address is checked)', async () => {
    await expect(post(`http://localhost:${port()}/hooks/audit`, httpOnly)).rejects.toThrow(DeliveryRefused);
    await expect(post(`http://localhost:${port()}/hooks/audit`, httpOnly)).rejects.toThrow(
      /refused before sending: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/,
    );
    await expect(post(`http://127.0.0.1:${port()}/hooks/audit`, httpOnly)).rejects.toThrow(
      'refused before sending: 127.0.0.1 is loopback',
    );
    await expect(post(`http://[::ffff:127.0.0.1]:${port()}/hooks/audit`, httpOnly)).rejects.toThrow(
      DeliveryRefused,
    );
    await expect(post(`http://localhost:${port()}/hooks/audit`, strict)).rejects.toThrow(/must use https/);
    // https goes through the same lookup (refused before any TLS handshake).
    await expect(post(`https://localhost:${port()}/hooks/audit`, strict)).rejects.toThrow(
      /refused before sending: localhost resolves to/,
    );
    expect(receiver.received).toHaveLength(0);
  });

  it('sends when the policy allows the address, through the same guarded path', async () => {
    const loopbackAllowed = new SinkAddressGuard({
      allowPrivateNetworks: false,
      allowedCidrs: ['127.0.0.0/8', '::1/128'],
      allowHttp: true,
    });
    expect(await post(`http://localhost:${port()}/hooks/audit`, loopbackAllowed)).toBe(200);
    expect(receiver.received).toHaveLength(1);
  });
});

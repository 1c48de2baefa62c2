import type { AuditConfig } from '../../config.js';
import { deniedRangeOf, rangeMatcher } from './network-ranges.js';

/**
 * Which destinations a sink may reach. A tenant admin chooses the URL, and the worker POSTs from
 * inside our network, so by default only public unicast addresses over https are allowed
 * (README "Sink network policy").
 */
export interface SinkNetworkPolicy {
  /** Every address allowed (development, or receivers on the same private network). */
  allowPrivateNetworks: boolean;
  /** Ranges allowed although special-purpose, e.g. a SIEM at 10.20.0.0/16. */
  allowedCidrs: readonly string[];
  /** Plain http allowed (development); otherwise https only. */
  allowHttp: boolean;
}

export const STRICT_SINK_NETWORK: SinkNetworkPolicy = {
  allowPrivateNetworks: false,
  allowedCidrs: [],
  allowHttp: false,
};

/** The policy of a config; fields a caller leaves out stay strict. */
export function sinkNetworkPolicyOf(
  config: Partial<Pick<AuditConfig, 'sinkAllowPrivateNetworks' | 'sinkAllowedCidrs' | 'sinkAllowHttp'>>,
): SinkNetworkPolicy {
  return {
    allowPrivateNetworks: config.sinkAllowPrivateNetworks ?? false,
    allowedCidrs: config.sinkAllowedCidrs ?? [],
    allowHttp: config.sinkAllowHttp ?? false,
  };
}

/** Checks resolved or literal addresses against a policy. */
export class SinkAddressGuard {
  private readonly allowed: (address: string) => boolean;

  constructor(readonly policy: SinkNetworkPolicy) {
    this.allowed = rangeMatcher(policy.allowedCidrs);
  }

  /** Why a sink may not reach `address` (an IP literal), e.g. `loopback`; undefined when it may. */
  refusal(address: string): string | undefined {
    if (this.policy.allowPrivateNetworks || this.allowed(address)) return undefined;
    return deniedRangeOf(address);
  }

  /** Why a sink may not use this scheme, or undefined when it may. */
  schemeRefusal(protocol: string): string | undefined {
    if (protocol === 'https:') return undefined;
    if (protocol === 'http:' && this.policy.allowHttp) return undefined;
    return protocol === 'http:'
      ? 'must use https (this deployment does not send audit events over plain http)'
      : 'must be https';
  }
}

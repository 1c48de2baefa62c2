import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { SinkAddressGuard } from '../sinks/sink-network-policy.js';

/** The network policy refused the destination; nothing was sent. */
export class SinkAddressRefused extends Error {
  readonly code = 'ERR_SINK_ADDRESS_REFUSED';

  constructor(message: string) {
    super(message);
    this.name = 'SinkAddressRefused';
  }
}

/**
 * A `lookup` for the delivery socket: resolves the host, refuses when **any** resolved address is
 * denied by the policy, and otherwise hands exactly the checked addresses to the connect. The
 * socket therefore connects to an address that was checked in the same step, so a DNS answer that
 * changes between a check and the connect (rebinding) cannot slip through.
 */
export function guardedLookup(guard: SinkAddressGuard): LookupFunction {
  return (hostname, options, callback) => {
    const all: LookupAllOptions = {
      all: true,
      ...(options.family !== undefined && { family: options.family }),
      ...(options.hints !== undefined && { hints: options.hints }),
    };
    lookup(hostname, all, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 4);
        return;
      }
      for (const { address } of addresses) {
        const why = guard.refusal(address);
        if (why) {
          callback(new SinkAddressRefused(`${hostname} resolves to ${address} (${why})`), '', 4);
          return;
        }
      }
      const [first] = addresses;
      if (!first) {
        callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      } else if (options.all) {
        callback(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

import { BulwarkError } from '@bulwark/sdk';
import { describe, expect, it } from 'vitest';
import { agentInputFrom, parseScopes } from '../src/web/lib/agent-form.js';
import {
  type AuditRow,
  EMPTY_FILTERS,
  auditQueryFor,
  delegationPath,
  mergePages,
} from '../src/web/lib/audit-view.js';
import { describeError } from '../src/web/lib/describe-error.js';
import { consoleClientOptions, placeholderUrls, toProxyUrl } from '../src/web/lib/proxy-fetch.js';
import {
  SESSION_KEY_NAME,
  clearSessionKey,
  keyInputProblem,
  readSessionKey,
  saveSessionKey,
} from '../src/web/lib/session-key.js';

describe('proxy URLs', () => {
  it('sends every SDK call to the console origin under /api/<service>, keeping path and query', () => {
    expect(
      toProxyUrl(`${placeholderUrls.auth}/v1/agents?limit=1&tenant_id=t_1`, 'http://127.0.0.1:4000'),
    ).toBe('http://127.0.0.1:4000/api/auth/v1/agents?limit=1&tenant_id=t_1');
    expect(toProxyUrl(new URL('/v1/verify', placeholderUrls.audit), 'https://console.example')).toBe(
      'https://console.example/api/audit/v1/verify',
    );
  });

  it('refuses any other origin, so the key is never sent anywhere but the console', () => {
    expect(() => toProxyUrl('https://evil.example/v1/agents', 'http://c')).toThrow(/only talks to its own/);
    expect(() => toProxyUrl('https://nope.bulwark-console.invalid/x', 'http://c')).toThrow();
  });

  it('gives the SDK a fetch that rewrites the URL and keeps the request options', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const options = consoleClientOptions('bwk_x', 'http://console', async (url, init) => {
      seen.push({ url: String(url), init });
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    });
    await options.fetch?.(new URL('/v1/usage?group_by=agent', placeholderUrls.billing), { method: 'GET' });
    expect(seen).toEqual([
      { url: 'http://console/api/billing/v1/usage?group_by=agent', init: { method: 'GET' } },
    ]);
    expect(options.apiKey).toBe('bwk_x');
  });
});

describe('session key', () => {
  const memory = () => {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
  };

  it('stores the trimmed key under one name and forgets it on sign-out', () => {
    const storage = memory();
    expect(readSessionKey(storage)).toBeUndefined();
    saveSessionKey(storage, '  bwk_v1_abc \n');
    expect(storage.map.get(SESSION_KEY_NAME)).toBe('bwk_v1_abc');
    expect(readSessionKey(storage)).toBe('bwk_v1_abc');
    clearSessionKey(storage);
    expect(readSessionKey(storage)).toBeUndefined();
  });

  it('explains what is wrong with a pasted key before calling anything', () => {
    expect(keyInputProblem('')).toMatch(/Paste/);
    expect(keyInputProblem('bwk_a b')).toMatch(/spaces/);
    expect(keyInputProblem('sk_live_123')).toMatch(/bwk_/);
    expect(keyInputProblem(' bwk_v1_ok ')).toBeUndefined();
  });
});

describe('error banner text', () => {
  it('shows code, status, request id and the offending fields of a problem+json', () => {
    const error = new BulwarkError({
      message: 'Invalid scope.',
      code: 'validation_failed',
      status: 400,
      requestId: 'req_123',
      body: { errors: [{ field: '/body/allowed_scopes', message: '"a b" is not a scope token' }] },
    });
    expect(describeError(error)).toEqual({
      message: 'Invalid scope. /body/allowed_scopes: "a b" is not a scope token',
      code: 'validation_failed',
      requestId: 'req_123',
      status: 400,
      hint: undefined,
    });
  });

  it('adds what to do for auth and reachability failures, and copes with non-SDK errors', () => {
    const unauthorized = new BulwarkError({ message: 'bad key', code: 'unauthorized', status: 401 });
    expect(describeError(unauthorized).hint).toMatch(/Sign out and sign in again/);
    expect(describeError(new BulwarkError({ message: 'x', code: 'network_error', status: 0 })).hint).toMatch(
      /npm start/,
    );
    expect(describeError(new TypeError('boom'))).toMatchObject({ code: 'console_error', message: 'boom' });
  });
});

describe('audit filters and delegation', () => {
  it('maps the filter form onto the audit query, leaving blanks out', () => {
    expect(auditQueryFor(EMPTY_FILTERS)).toEqual({ limit: 50 });
    expect(
      auditQueryFor(
        { agent: ' agt_1 ', user: 'usr_2', actionPrefix: 'auth.agent.', outcome: 'denied' },
        'c1',
      ),
    ).toEqual({
      limit: 50,
      agent: 'agt_1',
      on_behalf_of: 'usr_2',
      action: 'auth.agent',
      outcome: 'denied',
      cursor: 'c1',
    });
  });

  it('reads the delegation chain user-first, innermost agent before the one that acted', () => {
    const event = {
      actor: { type: 'agent' as const, id: 'agt_outer' },
      on_behalf_of: { type: 'user' as const, id: 'usr_1' },
      delegation_chain: [{ sub: 'agt_outer' }, { sub: 'agt_inner' }],
    };
    expect(delegationPath(event)).toEqual(['usr_1', 'agt_inner', 'agt_outer']);
    expect(delegationPath({ ...event, delegation_chain: [] })).toEqual([]);
  });

  it('does not duplicate events when a page overlaps what is shown', () => {
    const row = (id: string) => ({ id }) as AuditRow;
    expect(mergePages([row('a'), row('b')], [row('b'), row('c')]).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('agent form', () => {
  it('splits scopes on spaces and commas without duplicates', () => {
    expect(parseScopes(' email, calendar:read  email\n')).toEqual(['email', 'calendar:read']);
  });

  it('builds the create body or names the first problem', () => {
    expect(agentInputFrom({ name: ' Mail bot ', scopes: 'email', maxTokenTtl: '' })).toEqual({
      input: { name: 'Mail bot', allowed_scopes: ['email'] },
    });
    expect(agentInputFrom({ name: 'a', scopes: 'email', maxTokenTtl: '900' })).toEqual({
      input: { name: 'a', allowed_scopes: ['email'], max_token_ttl: 900 },
    });
    expect(agentInputFrom({ name: ' ', scopes: 'email', maxTokenTtl: '' })).toEqual({
      problem: 'Give the agent a name.',
    });
    expect(agentInputFrom({ name: 'a', scopes: ' ', maxTokenTtl: '' })).toHaveProperty('problem');
    expect(agentInputFrom({ name: 'a', scopes: 'email', maxTokenTtl: '1.5' })).toHaveProperty('problem');
  });
});

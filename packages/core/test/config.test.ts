import { describe, expect, it } from 'vitest';
import { ConfigError, env, parseConfig } from '../src/index.js';

const shape = {
  port: env.port('AUTH_PORT', { default: 4001 }),
  databaseUrl: env.url('DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
  ttl: env.int('TOKEN_TTL', { default: 900, min: 60, max: 86400 }),
  maxTtl: env.int('MAX_TTL', { default: 3600 }),
  mode: env.oneOf('MODE', ['dev', 'prod'] as const, { default: 'dev' }),
  kek: env.string('KEK', { default: 'x', secret: true, minLength: 1 }),
};

describe('config', () => {
  it('coerces values and applies defaults', () => {
    const config = parseConfig(shape, { DATABASE_URL: 'postgres://localhost/x', TOKEN_TTL: '120' });
    expect(config).toMatchObject({
      port: 4001,
      ttl: 120,
      mode: 'dev',
      databaseUrl: 'postgres://localhost/x',
    });
  });

  it('lists every problem, each naming its variable', () => {
    try {
      parseConfig(shape, { AUTH_PORT: 'abc', TOKEN_TTL: '5', MODE: 'staging' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('AUTH_PORT="abc" is invalid');
      expect(problems).toContain('DATABASE_URL is required');
      expect(problems).toContain('TOKEN_TTL="5" is invalid: expected an integer >= 60');
      expect(problems).toContain('MODE="staging" is invalid: expected one of dev, prod');
    }
  });

  it('never echoes secret values', () => {
    expect(() => parseConfig(shape, { DATABASE_URL: 'postgres://x/y', KEK: '' })).not.toThrow();
    const secretShape = { kek: env.int('KEK', { secret: true }) };
    expect(() => parseConfig(secretShape, { KEK: 'super-secret-value' })).toThrow(/KEK=<hidden>/);
  });

  it('applies cross-field rules', () => {
    expect(() =>
      parseConfig(shape, { DATABASE_URL: 'postgres://x/y', TOKEN_TTL: '7200', MAX_TTL: '3600' }, [
        (c) => (c.ttl > c.maxTtl ? 'TOKEN_TTL must not exceed MAX_TTL.' : undefined),
      ]),
    ).toThrow(/TOKEN_TTL must not exceed MAX_TTL/);
  });
});

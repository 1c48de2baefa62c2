import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/openapi-document.js';

describe('openapi.json', () => {
  it('matches the routes (run `pnpm --filter @bulwark/auth openapi` after changing a route)', async () => {
    const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
    expect(await openApiDocument()).toBe(committed);
  });
});

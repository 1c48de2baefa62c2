import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_SERVICES, generatedPath, renderTypes } from '../scripts/openapi-types.js';

describe('generated API types', () => {
  it.each(
    GENERATED_SERVICES,
  )('src/generated/%s.gen.ts matches the committed openapi.json (run `pnpm generate`)', async (service) => {
    const committed = await readFile(generatedPath(service), 'utf8');
    expect(committed === (await renderTypes(service))).toBe(true);
  });
});

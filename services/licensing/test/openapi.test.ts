import { fileURLToPath } from 'node:url';
import { assertOpenApiUpToDate } from '@bulwark/service-kit';
import { expect, it } from 'vitest';
import { buildOpenApiApp } from '../src/openapi-app.js';

it('the committed openapi.json matches the routes (regenerate: pnpm --filter @bulwark/licensing openapi)', async () => {
  const app = await buildOpenApiApp();
  try {
    await expect(
      assertOpenApiUpToDate(app, fileURLToPath(new URL('../openapi.json', import.meta.url))),
    ).resolves.toBeUndefined();
  } finally {
    await app.close();
  }
});

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

/** The services whose committed openapi.json the SDK's types come from. */
export const GENERATED_SERVICES = ['auth', 'audit', 'billing', 'licensing', 'flags'] as const;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const specPath = (service: string) => join(root, '..', '..', 'services', service, 'openapi.json');
export const generatedPath = (service: string) => join(root, 'src', 'generated', `${service}.gen.ts`);

/** The exact text `src/generated/<service>.gen.ts` must hold for the service's committed spec. */
export async function renderTypes(service: string): Promise<string> {
  const spec = JSON.parse(await readFile(specPath(service), 'utf8')) as Record<string, unknown>;
  const ast = await openapiTS(spec as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  const header = `// Generated from services/${service}/openapi.json by \`pnpm --filter @bulwark/sdk generate\`. Do not edit.\n`;
  return `${header}${astToString(ast)}`;
}

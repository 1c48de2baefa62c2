import { writeFile } from 'node:fs/promises';
import { GENERATED_SERVICES, generatedPath, renderTypes } from './openapi-types.js';

for (const service of GENERATED_SERVICES) {
  await writeFile(generatedPath(service), await renderTypes(service));
  console.log(`wrote src/generated/${service}.gen.ts`);
}

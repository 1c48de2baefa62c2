import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/openapi-document.js';

const target = new URL('../openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);

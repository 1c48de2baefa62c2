import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/openapi-document.js';

const target = new URL('../openapi.json', import.meta.url);
writeFileSync(target, await openApiDocument());
process.stdout.write(`wrote ${target.pathname}\n`);

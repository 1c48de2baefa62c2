import { fileURLToPath } from 'node:url';
import { writeOpenApi } from '@bulwark/service-kit';
import { buildOpenApiApp } from '../src/openapi-app.js';

const app = await buildOpenApiApp();
await writeOpenApi(app, fileURLToPath(new URL('../openapi.json', import.meta.url)));
await app.close();

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runStory } from './story.js';

// `npm run example` against a running `npm start`: the admin key comes from BULWARK_API_KEY or the
// file auth wrote at first start (<repo>/.bulwark/admin-key).
const root = join(import.meta.dirname, '..', '..', '..');
const adminKey =
  process.env.BULWARK_API_KEY ??
  (await readFile(join(root, '.bulwark', 'admin-key'), 'utf8').catch(() => '')).trim();
if (!adminKey) {
  console.error('No admin key: start the stack with `npm start`, or set BULWARK_API_KEY.');
  process.exit(2);
}
try {
  await runStory({ adminKey });
} catch (error) {
  console.error(`example failed: ${(error as Error).message}`);
  process.exit(1);
}

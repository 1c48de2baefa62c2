import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

// Tests import the SDK's source, not its built dist (the published entry points at dist).
export default mergeConfig(packageTestConfig('@bulwark/console'), {
  resolve: {
    alias: [
      {
        find: /^@bulwark\/sdk$/,
        replacement: fileURLToPath(new URL('../../packages/sdk/src/index.ts', import.meta.url)),
      },
    ],
  },
});

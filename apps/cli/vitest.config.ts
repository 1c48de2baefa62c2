import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

// In-process imports of the SDK use its source, not its built dist.
export default mergeConfig(packageTestConfig('@bulwark/cli'), {
  resolve: {
    alias: [
      {
        find: /^@bulwark\/sdk$/,
        replacement: fileURLToPath(new URL('../../packages/sdk/src/index.ts', import.meta.url)),
      },
    ],
  },
});

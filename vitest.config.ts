import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './tooling/testing/src/chromium.ts';

// Workspace packages resolve to their TypeScript sources in tests (the "source" export condition).
const conditions = ['source', 'module', 'browser', 'development|production'];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { conditions },
        ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'tooling/*/src/**/*.test.ts', 'tooling/*/test/**/*.test.ts'],
          // tfjs-setup registers gradients + chained ops, as importing @seqlab/core does for users.
          setupFiles: ['@seqlab/testing/setup-node', './packages/core/src/tfjs-setup.ts'],
          provide: { backends: ['cpu', 'wasm'] },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        resolve: { conditions },
        test: {
          name: 'browser',
          include: ['packages/*/src/**/*.backend.test.ts'],
          setupFiles: ['@seqlab/testing/setup-browser', './packages/core/src/tfjs-setup.ts'],
          provide: { backends: ['webgl', 'webgpu'] },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // lib/k8s starts with `import 'server-only'`, which throws outside a React server bundle.
      'server-only': fileURLToPath(new URL('./lib/testing/server-only-noop.ts', import.meta.url)),
    },
  },
  test: {
    include: ['{lib,components,app,e2e/stack}/**/*.test.ts'],
    environment: 'node',
  },
});

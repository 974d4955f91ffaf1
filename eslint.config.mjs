import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

// Rooms (docs/architecture.md). Server rooms hold credentials or process state and start with
// `import 'server-only'`: lib/k8s (the API server), lib/config (the environment), lib/hubs (live
// walkthroughs, stream caps), lib/auth's session and provider (tokens). Every other room is pure or browser code and may never import them.
const serverOnly = {
  paths: [{ name: '@kubernetes/client-node', message: 'Server only: use lib/k8s from a server component, route or action.' }],
  patterns: [
    { group: ['@/lib/k8s', '@/lib/k8s/*', '**/lib/k8s/*'], message: 'lib/k8s is server only.' },
    { group: ['@/lib/config', '@/lib/config/*', '**/lib/config/*'], message: 'lib/config reads server configuration.' },
    { group: ['@/lib/hubs', '@/lib/hubs/*', '**/lib/hubs/*'], message: 'lib/hubs holds server process state.' },
    {
      group: [
        '@/lib/auth/signed-in',
        '@/lib/auth/oidc',
        '@/lib/auth/gate',
        '**/lib/auth/signed-in',
        '**/lib/auth/oidc',
        '**/lib/auth/gate',
      ],
      message: 'The session and its tokens are server only; lib/auth/person is what the browser may know.',
    },
  ],
};
const browserRooms = ['bounds', 'envoy', 'guide', 'http', 'inspect', 'live', 'nav', 'policy', 'present', 'query', 'snapshot', 'wire'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    files: ['components/**/*.{ts,tsx}', ...browserRooms.map((room) => `lib/${room}/**/*.ts`)],
    rules: { 'no-restricted-imports': ['error', serverOnly] },
  },
  globalIgnores([
    '.next/**',
    'out/**',
    'build/**',
    'next-env.d.ts',
    '.stack/**',
    'test-results/**',
    'test-reports/**',
    'playwright-report/**',
  ]),
]);

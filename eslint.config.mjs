import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

// Code that can run in the browser must never import what holds credentials.
const serverOnly = {
  paths: [{ name: '@kubernetes/client-node', message: 'Server only: use lib/k8s from a server component or action.' }],
  patterns: [
    { group: ['@/lib/k8s', '@/lib/k8s/*', '**/lib/k8s/*'], message: 'lib/k8s is server only.' },
    { group: ['@/lib/env', '**/lib/env'], message: 'lib/env reads server configuration.' },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    files: ['components/**/*.{ts,tsx}', 'lib/query/**/*.ts', 'lib/policy/**/*.ts', 'lib/envoy/**/*.ts'],
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

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, sourceFiles, valueImports } from './import-graph';

const root = resolve(import.meta.dirname, '../..');

describe('the import graph', () => {
  it('counts value imports and re-exports, not type-only ones or dynamic import()', () => {
    const source = `
      import 'server-only';
      import { a } from './a';
      import type { B } from './b';
      import { type C } from './c';
      import { type D, d } from './d';
      import E from './e';
      import * as f from './f';
      export { g } from './g';
      export type { H } from './h';
      export { type I } from './i';
      const j = () => import('./j');
    `;
    expect(valueImports(source)).toEqual(['server-only', './a', './d', './e', './f', './g']);
  });

  it('finds every cycle, however long, and a module that imports itself', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

describe("the dashboard's modules", () => {
  it('import one another without a cycle', () => {
    const files = sourceFiles(root, ['lib', 'components', 'app']);
    const graph = importGraph(root, files);
    // The graph is the real one: lib/k8s/policies.ts reads its lists through the caches.
    expect(graph.get('lib/k8s/policies.ts')).toContain('lib/k8s/list-cache.ts');
    expect(cycles(graph)).toEqual([]);
  });
});

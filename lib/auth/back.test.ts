import { describe, expect, it } from 'vitest';
import { safeBack } from './back';

describe('safeBack', () => {
  it('keeps a local path with its query', () => {
    expect(safeBack('/c/kgateway-local-admin/policies/new?namespace=httpbin&service=httpbin')).toBe(
      '/c/kgateway-local-admin/policies/new?namespace=httpbin&service=httpbin',
    );
    expect(safeBack('/')).toBe('/');
  });
  it('sends anything that could leave the dashboard to the start page', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/ /evil.example',
      'evil.example',
      'javascript:alert(1)',
      '/auth/login?back=/auth/login',
      `/${'a'.repeat(2048)}`,
      '',
      null,
      undefined,
    ]) {
      expect(safeBack(bad), JSON.stringify(bad)).toBe('/');
    }
  });
});

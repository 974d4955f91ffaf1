import { expect, test } from '@playwright/test';
import { urls } from '../support/urls';
import { hydrated } from '../support/hydrated';

// Two dashboard processes behave as one for what a link carries: a link to a dump one replica keeps
// still works on the other, which reads the same pod again through the API server and says so.

test('a link to a kept dump, opened on the other replica, reads the pod again and says so', async ({ page }) => {
  await page.goto(`${urls.dashboard}/c/kgateway-local-admin/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Browse the whole dump' }).first().click();
  await expect(page).toHaveURL(/gateway=kgateway-system%2Fhttp&pod=http-/);
  await expect(page.getByTestId('slice-json')).toContainText('"name": "kube_httpbin_httpbin_8000"');
  // `latest` reads the whole dump once; the address then names the copy this replica keeps.
  await expect(page).toHaveURL(/\/dumps\/[0-9a-f-]{36}\?/);
  const link = new URL(page.url());
  const pod = link.searchParams.get('pod')!;
  // The same address on the other replica, which never fetched that dump.
  await page.goto(`${urls.replica}${link.pathname}${link.search}`);
  await expect(page.getByRole('status', { name: 'Changed since the link' })).toContainText(
    `no longer kept by the server; this is ${pod}'s dump as of`,
  );
  await expect(page.getByTestId('slice-json')).toContainText('"name": "kube_httpbin_httpbin_8000"');
  await expect(page).not.toHaveURL(new RegExp(link.pathname.split('/').pop()!)); // it is that replica's own copy
});

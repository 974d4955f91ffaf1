import { expect, type Page } from '@playwright/test';

// Steps of the policy form that several specs take.

export async function reviewAndApply(page: Page) {
  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(page.getByRole('heading', { name: /Dry run passed/ })).toBeVisible();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Applied \(generation \d+\)$/ })).toBeVisible();
}

export async function expectAcceptedAndAttached(page: Page) {
  const applied = page.getByRole('region', { name: /Applied/ });
  await expect(applied.getByRole('status')).toHaveText('kgateway has reported on this generation.', { timeout: 30_000 });
  await expect(applied.getByTestId('policy-status')).toContainText('Accepted: True (Valid) Policy accepted');
  await expect(applied.getByTestId('policy-status')).toContainText('Attached: True');
}

import { expect, type Page } from '@playwright/test';

/**
 * The page's script has run: the header's live-update status reads "Live" only once React has
 * hydrated the page and opened its event stream. A Gateway page arrives with its first view in
 * the HTML (rendered by the server), so its links and buttons can be on screen before that.
 */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/, { timeout: 30_000 });
}

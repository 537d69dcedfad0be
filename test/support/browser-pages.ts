import type { BrowserContext, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

/** The box a submitter ticks on a confirmation page. */
export const submitterBox = 'Saya sendiri yang membuat pengajuan ini dan ingin mengirimkannya.';

/**
 * Presses the first button of a page, as a mail scanner that renders links and clicks does:
 * it chooses nothing. Returns the answer to the POST it made.
 */
export async function pressFirstButton(page: Page): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.locator('button, input[type="submit"], input[type="image"]').first().click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/**
 * A scanner opens a confirmation link in a page of its own and presses its first button: the
 * answer is 400 with the page's message, and the box is still not ticked.
 */
export async function expectScannerConfirmsNothing(context: BrowserContext, confirmLink: string): Promise<void> {
  const scan = await context.newPage();
  try {
    expect((await scan.goto(confirmLink))?.status()).toBe(200);
    const pressed = await pressFirstButton(scan);
    expect(pressed.status()).toBe(400);
    await scan.getByRole('alert').waitFor();
    expect(await scan.getByRole('alert').innerText()).toContain('Centang kotak konfirmasi bila Anda sendiri yang membuat pengajuan ini.');
    expect(await scan.getByLabel(submitterBox).isChecked()).toBe(false);
  } finally {
    await scan.close();
  }
}

import { expect, type Page } from '@playwright/test';

/** Opens the Cameos dialog and, signed out, creates a feed account there (a cameo belongs to one). */
export async function signUpForCameos(page: Page, handle: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Cameos', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Cameos' });
  await expect(dialog.getByText('A cameo belongs to your feed account')).toBeVisible();
  await dialog.getByLabel('Handle').fill(handle);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog.getByText(`Signed in as @${handle}`)).toBeVisible();
}

/** Records a cameo with the guided capture (the Cameos dialog open) and answers the verdict region. */
export async function recordCameo(page: Page, handle: string, screenshot?: string) {
  const dialog = page.getByRole('dialog', { name: 'Cameos' });
  await dialog.getByRole('tab', { name: 'New cameo' }).click();
  const form = dialog.getByRole('form', { name: 'New cameo' });
  await form.getByLabel('Display name').fill('Maya');
  await form.getByLabel('Cameo handle').fill(handle);
  await form.getByRole('button', { name: 'Turn on camera' }).click();
  await expect(form.getByRole('button', { name: 'Start recording' })).toBeEnabled();
  await form.getByRole('button', { name: 'Start recording' }).click();
  // The guide walks through its steps; the phrase from the engine shows while it is to be read.
  await expect(form.getByLabel('Recording step')).toHaveText('Turn your head slowly to the left, then to the right');
  await expect(form.getByLabel('Recording step')).toHaveText('Read the phrase aloud');
  await expect(form.getByLabel('Phrase to read aloud')).toHaveText(/^“[a-z]+( [a-z]+){5,6}”$/);
  if (screenshot) await page.screenshot({ path: screenshot });
  return form.getByLabel('Capture verdict');
}

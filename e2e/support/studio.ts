import { expect, type Page } from '@playwright/test';
import { E2E_TOKEN } from './constants';

/** Opens web mode as a user does with the printed link, and waits for the engine. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByRole('status', { name: 'Engine connection' })).toHaveText('Engine connected');
}

export async function createProject(page: Page, name: string): Promise<void> {
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByLabel('Project name')).toHaveText(name);
}

/** Adds a scene at the end of the storyboard and writes its prompt. */
export async function addScene(page: Page, prompt: string): Promise<number> {
  await page.getByRole('button', { name: 'Add scene', exact: true }).click();
  const n = await page.getByRole('list', { name: 'Scenes' }).getByRole('listitem').count();
  await page.getByRole('textbox', { name: `Prompt of scene ${n}`, exact: true }).fill(prompt);
  return n;
}

/** A clip's timeline placement, read from the clip element. */
export async function clipTiming(page: Page, name: string, index = 0): Promise<{ start: number; duration: number }> {
  const clip = page.getByRole('button', { name, exact: true }).nth(index);
  return {
    start: Number(await clip.getAttribute('data-start')),
    duration: Number(await clip.getAttribute('data-duration')),
  };
}

import { expect, test, type Page } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

const prompts = async (page: Page) =>
  page
    .getByRole('list', { name: 'Scenes' })
    .getByRole('textbox', { name: /^Prompt of scene \d+$/ })
    .evaluateAll((fields) => fields.map((f) => (f as HTMLTextAreaElement).value));

test('storyboard: reorder by keyboard and drag, duplicate, delete, undo; seeds; panels; empty states', async ({ page }) => {
  await openStudio(page);
  await createProject(page, 'Storyboard order');
  await expect(page.getByText('No scenes yet.')).toBeVisible();
  await expect(page.getByText(/Put takes on the timeline/)).toBeVisible();

  for (const p of ['first', 'second', 'third']) await addScene(page, p);
  expect(await prompts(page)).toEqual(['first', 'second', 'third']);

  // Keyboard: Alt+↑ on a card moves it up.
  await page.getByRole('textbox', { name: 'Prompt of scene 3', exact: true }).press('Alt+ArrowUp');
  expect(await prompts(page)).toEqual(['first', 'third', 'second']);

  // Drag by the handle onto another card.
  await page.getByRole('button', { name: 'Move scene 1 up' }).scrollIntoViewIfNeeded();
  const handle = (await page.getByRole('listitem', { name: 'Scene 1' }).locator('.drag-handle').boundingBox())!;
  const target = (await page.getByRole('heading', { name: 'Scene 2' }).boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + 20, handle.y + 20, { steps: 5 });
  await page.mouse.move(target.x + 10, target.y + target.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect.poll(() => prompts(page)).toEqual(['third', 'first', 'second']);

  await page.getByRole('button', { name: 'Duplicate scene 1' }).click();
  expect(await prompts(page)).toEqual(['third', 'third', 'first', 'second']);
  await page.getByRole('button', { name: 'Delete scene 3' }).click();
  expect(await prompts(page)).toEqual(['third', 'third', 'second']);
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await prompts(page)).toEqual(['third', 'third', 'first', 'second']);
  await page.getByRole('button', { name: 'Redo' }).click();
  expect(await prompts(page)).toEqual(['third', 'third', 'second']);

  // Seeds: lock and randomise.
  const seed = page.getByRole('textbox', { name: 'Seed of scene 1' });
  const before = await seed.inputValue();
  await page.getByRole('button', { name: 'Randomise seed of scene 1' }).click();
  await expect(seed).not.toHaveValue(before);
  const lock = page.getByRole('button', { name: 'Lock seed of scene 1' });
  await lock.click();
  await expect(lock).toHaveAttribute('aria-pressed', 'true');

  // Generating a scene without a prompt says what to do.
  await page.getByRole('button', { name: 'Add scene', exact: true }).click();
  await page.getByRole('button', { name: 'Generate all' }).click();
  await expect(page.getByRole('alert')).toContainText('scene 4 has no prompt yet');
  // Nothing was queued for the other scenes either.
  await expect(page.getByRole('listitem', { name: /^Job: (first|second|third)/ })).toHaveCount(0);

  // Panels collapse and come back.
  await page.getByRole('button', { name: 'Hide Queue' }).click();
  await expect(page.getByRole('list', { name: 'Generation jobs' })).toBeHidden();
  await page.getByRole('button', { name: 'Show Queue' }).click();
  await expect(page.getByRole('list', { name: 'Generation jobs' })).toBeVisible();

  // ? lists the keyboard shortcuts; Esc closes the list.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Split at the playhead');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Closing right after an edit saves it first.
  await page.getByRole('textbox', { name: 'Prompt of scene 4', exact: true }).fill('fourth, written just before closing');
  await page.getByRole('button', { name: 'Close project' }).click();
  await page.getByRole('list', { name: 'Recent projects' }).getByRole('button', { name: /Storyboard order/ }).click();
  await expect(page.getByRole('textbox', { name: 'Prompt of scene 4', exact: true })).toHaveValue('fourth, written just before closing');
});

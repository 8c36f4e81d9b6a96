import { expect, test, type Page } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

const saved = (page: Page) => expect(page.getByRole('status', { name: 'Save status' })).toContainText('All changes saved');
const scenes = (page: Page) => page.getByRole('list', { name: 'Scenes' }).getByRole('listitem');

test('save as: the copy opens with every edit, later edits go to the copy, and the original keeps its last save', async ({ page }) => {
  await openStudio(page);
  await createProject(page, 'Harbour original');
  await addScene(page, 'a lighthouse blinking at dusk');
  await saved(page);

  // Keyboard path: Ctrl+Shift+S opens the dialog with a suggested name; Enter saves.
  await page.keyboard.press('Control+Shift+S');
  const dialog = page.getByRole('dialog', { name: 'Save project as' });
  const name = dialog.getByRole('textbox', { name: 'Name of the copy' });
  await expect(name).toHaveValue('Harbour original copy');
  await name.fill('Harbour director cut');
  await name.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Project name')).toHaveText('Harbour director cut');
  await expect(page.getByRole('textbox', { name: 'Prompt of scene 1', exact: true })).toHaveValue('a lighthouse blinking at dusk');

  await addScene(page, 'a ferry leaving the harbour');
  await saved(page);
  // A reload reopens the copy, not the original.
  await page.reload();
  await expect(page.getByLabel('Project name')).toHaveText('Harbour director cut');
  await expect(scenes(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Close project' }).click();
  const recent = page.getByRole('list', { name: 'Recent projects' });
  await expect(recent.getByRole('button').first()).toContainText('Harbour director cut');
  await recent.getByRole('button', { name: /Harbour original/ }).click();
  await expect(page.getByLabel('Project name')).toHaveText('Harbour original');
  await expect(scenes(page)).toHaveCount(1);
});

test('save as refuses a name with nothing usable in it and says why', async ({ page }) => {
  await openStudio(page);
  await createProject(page, 'Refused copy source');
  await page.getByRole('button', { name: 'Save as' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save project as' });
  await dialog.getByRole('textbox', { name: 'Name of the copy' }).fill('...');
  await dialog.getByRole('button', { name: 'Save copy' }).click();
  await expect(dialog.getByRole('alert')).toContainText('use letters or digits');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Project name')).toHaveText('Refused copy source');
});

test('a marker is added with M, renamed by keyboard and by double-click, and the rename undoes', async ({ page }) => {
  await openStudio(page);
  await createProject(page, 'Marker names');
  await page.keyboard.press('m');
  const lane = page.getByRole('group', { name: 'Markers' });
  const marker = lane.getByRole('button', { name: /^Marker at / });
  await expect(marker).toHaveCount(1);

  await marker.focus();
  await page.keyboard.press('Enter');
  const label = lane.getByRole('textbox', { name: 'Marker label' });
  await expect(label).toBeFocused();
  await label.fill('Beat drop');
  await label.press('Enter');
  await expect(marker).toHaveAccessibleName(/: Beat drop$/);
  await expect(marker).toBeFocused();
  await expect(lane.getByText('Beat drop')).toBeVisible();
  await page.locator('.timeline').screenshot({ path: 'test-results/marker-label.png' });

  await marker.dblclick();
  await label.fill('Chorus');
  await label.press('Escape');
  await expect(marker).toHaveAccessibleName(/: Beat drop$/);

  await page.keyboard.press('Control+z');
  await expect(marker).toHaveAccessibleName(/^Marker at [\d:]+$/);
  await page.keyboard.press('Control+Shift+z');
  await expect(marker).toHaveAccessibleName(/: Beat drop$/);

  await marker.focus();
  await page.keyboard.press('Delete');
  await expect(marker).toHaveCount(0);
});

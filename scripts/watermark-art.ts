/**
 * `npm run art:watermark`: renders resources/watermark/scenecast-watermark.svg to the PNG (with alpha) that exports
 * overlay, in headless Chromium, so the committed PNG can be remade from the SVG. Set CHROMIUM_PATH for another
 * browser than Debian's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/watermark');
const svg = await readFile(path.join(dir, 'scenecast-watermark.svg'), 'utf8');
const size = /width="(\d+)" height="(\d+)"/.exec(svg);
if (!size) throw new Error('scenecast-watermark.svg: the root <svg> needs width and height attributes');
const [width, height] = [Number(size[1]), Number(size[2])];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  await writeFile(path.join(dir, 'scenecast-watermark.png'), png);
  process.stdout.write(`wrote ${path.join(dir, 'scenecast-watermark.png')} (${width}×${height}, ${png.length} bytes)\n`);
} finally {
  await browser.close();
}

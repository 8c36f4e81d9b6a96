/**
 * `npm run verify -- FILE.mp4`: checks a video's provenance — its C2PA manifest (signature, intactness, what it says)
 * and the invisible watermark (install id and export id). Exit 0 when the checks ran (whatever they found), 2 for a
 * usage mistake, 1 when the file can't be read or ffmpeg is missing; always with one line saying what went wrong.
 */
import { access, stat } from 'node:fs/promises';
import { locateMediaTools } from '../src-main/engine/media/index.js';
import { formatVerifyReport, verifyVideo } from '../src-main/engine/provenance/index.js';

const usage = 'usage: npm run verify -- FILE.mp4';

async function main(argv: string[]): Promise<number> {
  const files = argv.filter((arg) => arg !== '--');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    process.stderr.write(`${files.length ? `verify: expected one video file, got ${files.join(' ')}` : 'verify: no file given'}. ${usage}\n`);
    return 2;
  }
  const file = files[0]!;
  try {
    await access(file);
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    process.stderr.write(`verify: cannot read ${file}: no such file. ${usage}\n`);
    return 1;
  }
  let tools;
  try {
    tools = await locateMediaTools({ env: process.env });
  } catch (error) {
    process.stderr.write(`verify: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  const report = await verifyVideo(tools, file);
  process.stdout.write(`${formatVerifyReport(report).join('\n')}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

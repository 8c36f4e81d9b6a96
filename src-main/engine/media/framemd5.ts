import type { MediaTools } from './locate.js';
import { runTool } from './process.js';

/**
 * Per-frame MD5 of the decoded first video stream (`ffmpeg -f framemd5`), in presentation order. Two files with equal
 * lists show the same pictures, whatever their container bytes.
 */
export async function frameMd5(tools: Pick<MediaTools, 'ffmpeg'>, path: string): Promise<string[]> {
  const { stdout } = await runTool(
    tools.ffmpeg,
    ['-hide_banner', '-nostdin', '-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'],
    `hashing frames of ${path}`,
  );
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)?.trim() ?? '');
}

import type { ExecutionProviderChoice } from '../../../src-shared/settings.js';

export type ExecutionProviderName = Exclude<ExecutionProviderChoice, 'auto'>;

/** Best-first execution providers to try on this platform when the setting is `auto`. */
export function executionProviderCandidates(
  choice: ExecutionProviderChoice,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ExecutionProviderName[] {
  if (choice !== 'auto') return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
  const gpu: ExecutionProviderName[] = [];
  if (platform === 'linux' && arch === 'x64') gpu.push('cuda');
  if (platform === 'win32') gpu.push('dml');
  if (platform === 'darwin') gpu.push('coreml');
  gpu.push('webgpu');
  return [...gpu, 'cpu'];
}

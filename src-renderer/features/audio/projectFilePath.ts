/** The absolute path of a project file, for the engine's media procedures (which check it again). */
export function projectFilePath(dir: string, relative: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${relative.split('/').join(sep)}`;
}

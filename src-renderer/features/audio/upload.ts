import { TOKEN_KEY } from '../../app/trpc';

/** Web mode's upload of a chosen file (see src-main/web/uploadRoute.ts); answers the path the engine imports from. */
export async function uploadSoundFile(file: File): Promise<string> {
  if ('scenecastIpc' in window) {
    // The desktop shell has no upload route; it will pass the chosen file's path instead.
    throw new Error('importing sound files is available in web mode for now');
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'X-Scenecast-Token': token, 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as { path?: string; error?: string };
  if (!res.ok || !body.path) throw new Error(body.error ?? `the upload failed (HTTP ${res.status})`);
  return body.path;
}

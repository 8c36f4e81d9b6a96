import { TOKEN_KEY } from './trpc';

/**
 * Sends a file's bytes to one of web mode's upload routes (src-main/web/uploadRoute.ts) with this tab's launch token;
 * the engine answers where it stored them (`path`) and under which bare name (`name`), or why it refused.
 */
export async function postWebUpload(route: '/upload' | '/upload/cameo', body: Blob, name: string): Promise<{ path: string; name: string }> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const res = await fetch(`${route}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'X-Scenecast-Token': token, 'Content-Type': 'application/octet-stream' },
    body,
  });
  const answer = (await res.json().catch(() => ({}))) as { path?: string; name?: string; error?: string };
  if (!res.ok || !answer.path || !answer.name) throw new Error(answer.error ?? `the upload failed (HTTP ${res.status})`);
  return { path: answer.path, name: answer.name };
}

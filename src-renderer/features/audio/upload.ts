import { postWebUpload } from '../../app/webUpload';

/** Web mode's upload of a chosen file (see src-main/web/uploadRoute.ts); answers the path the engine imports from. */
export async function uploadSoundFile(file: File): Promise<string> {
  if ('scenecastIpc' in window) {
    // The desktop shell has no upload route; it will pass the chosen file's path instead.
    throw new Error('importing sound files is available in web mode for now');
  }
  return (await postWebUpload('/upload', file, file.name)).path;
}

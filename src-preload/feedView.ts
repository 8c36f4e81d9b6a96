/**
 * Preload of the feed view (the community feed's page in the desktop app's sidebar; sandboxed, context-isolated, its
 * own session partition): the page may ask the studio to remix a post, and nothing else. The main process accepts the
 * message only from the feed view's own main frame on the feed's origin (src-main/shell/feedBridge.ts).
 *
 * Self-contained on purpose: it is bundled beside the studio's preload, and a module both imported would become a
 * shared chunk, which a sandboxed preload cannot load. The channel and global names are src-main/ipc/
 * feedViewProtocol.ts's (preload.test.ts checks they match).
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('scenecastStudio', {
  remix(postId: string): void {
    ipcRenderer.send('scenecast:feed-view:remix-request', { postId: String(postId).slice(0, 64) });
  },
});

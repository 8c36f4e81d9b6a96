/** Registers the app's custom schemes with Electron. The handlers themselves are in protocolHandlers.ts. */
import { protocol } from 'electron';
import type { Session } from 'electron';
import { MEDIA_SCHEME } from '../ipc/mediaUrl.js';
import type { ProtocolHandler } from './protocolHandlers.js';
import { APP_SCHEME } from './protocolHandlers.js';

/** Must run before the app is ready. */
export function registerSchemesAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    // A standard, secure scheme gives app pages a real origin ('self' in the CSP) and secure-context APIs.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    // stream: <video> can seek through range requests; corsEnabled + supportFetchAPI: waveform/thumbnail fetch().
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

export function handleProtocols(session: Session, handlers: { app: ProtocolHandler; media: ProtocolHandler }): void {
  session.protocol.handle(APP_SCHEME, handlers.app);
  session.protocol.handle(MEDIA_SCHEME, handlers.media);
}

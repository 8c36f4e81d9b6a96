import type { CameoNotice } from './types';

/** A project's name as the engine's notice names it: the last part of its folder. */
export function projectName(dir: string): string {
  return dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || dir;
}

const quoted = (dirs: readonly string[]) => dirs.map((d) => `“${projectName(d)}”`).join(', ');

export interface NoticeView {
  /** What kind of thing happened, as a heading. */
  title: string;
  /** Who, which cameo, which project. */
  text: string;
  /** A revocation or a deletion is urgent (role="alert"); a use or a request is news (role="status"). */
  urgent: boolean;
}

/** How a cameo notice reads in the studio's alert. */
export function noticeView(notice: CameoNotice): NoticeView {
  const cameo = `${notice.cameo.displayName} (@${notice.cameo.handle})`;
  const where = notice.projectDirs.length ? quoted(notice.projectDirs) : null;
  switch (notice.kind) {
    case 'used': {
      const what =
        notice.purpose === 'post' ? ' in a feed post' : notice.purpose === 'export' ? (where ? ` in an export of the project ${where}` : ' in an export') : where ? ` in a take in the project ${where}` : ' in a take';
      return { title: 'Your cameo was used', text: `@${notice.by} used your cameo ${cameo}${what}.`, urgent: false };
    }
    case 'requested':
      return { title: 'A cameo request', text: `@${notice.by} asks to use your cameo ${cameo}${notice.note ? `: “${notice.note}”` : '.'}`, urgent: false };
    case 'revoked': {
      const n = notice.flaggedTakes ?? 0;
      const takes = n === 0 ? '' : ` ${n} of your takes ${n === 1 ? 'is' : 'are'} flagged${where ? ` (${notice.projectDirs.length === 1 ? 'project' : 'projects'} ${where})` : ''} and cannot be exported.`;
      return { title: 'A cameo was revoked', text: `@${notice.by} revoked your use of the cameo ${cameo}.${takes}`, urgent: true };
    }
    case 'deleted': {
      const n = notice.flaggedTakes ?? 0;
      const places = where ? ` (${notice.projectDirs.length === 1 ? 'project' : 'projects'} ${where})` : '';
      const takes =
        n === 0 ? ' Takes made with it can no longer be exported.' : ` ${n} of your takes ${n === 1 ? 'was' : 'were'} made with it${places} and can no longer be exported.`;
      return { title: 'A cameo was deleted', text: `@${notice.by} deleted the cameo ${cameo}.${takes}`, urgent: true };
    }
  }
}

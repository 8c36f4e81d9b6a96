import { describe, expect, it } from 'vitest';
import { noticeView, projectName } from './noticeText';
import type { CameoNotice } from './types';

const base = { id: '6f1b2a7e-6a52-4d51-9a1c-2f1f6e0f9a10', at: 1, cameo: { id: 'cameo_abcdefgh12', handle: 'maya.beach', displayName: 'Maya' }, projectDirs: [] as string[] };

describe('cameo notices in words', () => {
  it('a use says who, which cameo and which project', () => {
    const used: CameoNotice = { ...base, to: 'maya', kind: 'used', by: 'friendbob', purpose: 'generation', projectDirs: ['/home/bob/Scenecast/Cameo shoot'] };
    expect(noticeView(used)).toEqual({ title: 'Your cameo was used', text: '@friendbob used your cameo Maya (@maya.beach) in a take in the project “Cameo shoot”.', urgent: false });
    expect(noticeView({ ...used, purpose: 'export', projectDirs: ['C:\\Users\\bob\\Beach'] }).text).toBe('@friendbob used your cameo Maya (@maya.beach) in an export of the project “Beach”.');
    expect(noticeView({ ...used, purpose: 'post', projectDirs: [] }).text).toBe('@friendbob used your cameo Maya (@maya.beach) in a feed post.');
  });

  it('a request carries its note', () => {
    const asked: CameoNotice = { ...base, to: 'maya', kind: 'requested', by: 'friendbob', note: 'for my beach short' };
    expect(noticeView(asked)).toEqual({ title: 'A cameo request', text: '@friendbob asks to use your cameo Maya (@maya.beach): “for my beach short”', urgent: false });
    expect(noticeView({ ...asked, note: undefined }).text).toBe('@friendbob asks to use your cameo Maya (@maya.beach).');
  });

  it('a revocation is urgent and counts the flagged takes and their projects', () => {
    const revoked: CameoNotice = { ...base, to: 'friendbob', kind: 'revoked', by: 'maya', flaggedTakes: 1, projectDirs: ['/p/Cameo shoot/'] };
    expect(noticeView(revoked)).toEqual({
      title: 'A cameo was revoked',
      text: '@maya revoked your use of the cameo Maya (@maya.beach). 1 of your takes is flagged (project “Cameo shoot”) and cannot be exported.',
      urgent: true,
    });
    expect(noticeView({ ...revoked, flaggedTakes: 3, projectDirs: ['/a/One', '/b/Two'] }).text).toBe(
      '@maya revoked your use of the cameo Maya (@maya.beach). 3 of your takes are flagged (projects “One”, “Two”) and cannot be exported.',
    );
    expect(noticeView({ ...revoked, flaggedTakes: 0, projectDirs: [] }).text).toBe('@maya revoked your use of the cameo Maya (@maya.beach).');
  });

  it('a deletion is urgent and says the takes made with the cameo can no longer be exported, and where they are', () => {
    const deleted: CameoNotice = { ...base, to: 'friendbob', kind: 'deleted', by: 'maya', flaggedTakes: 1, projectDirs: ['/p/Cameo shoot'] };
    expect(noticeView(deleted)).toEqual({
      title: 'A cameo was deleted',
      text: '@maya deleted the cameo Maya (@maya.beach). 1 of your takes was made with it (project “Cameo shoot”) and can no longer be exported.',
      urgent: true,
    });
    expect(noticeView({ ...deleted, flaggedTakes: 2, projectDirs: ['/a/One', '/b/Two'] }).text).toBe(
      '@maya deleted the cameo Maya (@maya.beach). 2 of your takes were made with it (projects “One”, “Two”) and can no longer be exported.',
    );
    expect(noticeView({ ...deleted, flaggedTakes: 0, projectDirs: [] }).text).toBe('@maya deleted the cameo Maya (@maya.beach). Takes made with it can no longer be exported.');
  });

  it('names a project by its folder', () => {
    expect(projectName('/home/ada/Scenecast/Beach short')).toBe('Beach short');
    expect(projectName('C:\\Projects\\Beach\\')).toBe('Beach');
  });
});

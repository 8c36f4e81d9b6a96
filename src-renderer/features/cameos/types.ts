import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../src-main/engine/router';

type CameoOutputs = inferRouterOutputs<AppRouter>['cameos'];
export type CameoRecord = CameoOutputs['create'];
export type CameoSummary = CameoOutputs['sharedWithMe'][number];
export type CameoGrant = CameoOutputs['requests'][number];
export type CameoUsage = CameoOutputs['usage'][number];
export type FlaggedTake = CameoOutputs['flaggedTakes'][number];
export type CameoNotice = CameoOutputs['notices'][number];
export type CameoKind = CameoRecord['kind'];
export type CameoPermission = CameoRecord['permission'];
export type CameoRestriction = CameoRecord['restrictions'][number];

export const PERMISSION_TEXT: Record<CameoPermission, string> = {
  only_me: 'Only me',
  people_i_approve: 'People I approve',
  mutual_followers: 'Mutual followers',
  everyone: 'Everyone',
};

export const KIND_TEXT: Record<CameoKind, string> = { person: 'Person', pet: 'Pet', object: 'Object' };

import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Ids are 16 url-safe characters: nothing in them can climb out of a folder or break a URL. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
export const IdSchema = z.string().regex(ID_PATTERN, 'not a valid id');

export function newId(): string {
  return randomBytes(12).toString('base64url');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

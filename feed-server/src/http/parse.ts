import type { z } from 'zod';
import { badRequest } from './errors.js';

/** Parses untrusted input; a failure becomes a 400 naming the field and the problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  throw badRequest('invalid_input', problems);
}

import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Awaits a router call that must be refused, and returns the TRPCError it was refused with. */
export async function trpcError(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call was accepted').toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

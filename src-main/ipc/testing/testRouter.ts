/**
 * A tiny tRPC v11 router with every kind of procedure the transport must carry. Used by the IPC transport tests until
 * (and alongside) the engine's real router.
 */
import { on } from 'node:events';
import { EventEmitter } from 'node:events';
import { initTRPC, lazy, tracked, TRPCError } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import { z } from 'zod';

export interface TestRouterProbe {
  /** Emit to push a value to every `ticks` subscriber. */
  ticks: EventEmitter;
  /** How many `ticks` generators started, and how many ran their `finally`. */
  ticksStarted: number;
  ticksFinished: number;
  /** How many `observableTicks` observables were torn down. */
  observableTeardowns: number;
  /** Calls of `gated` waiting for `openGate()`. */
  gatedWaiting: number;
  openGate(): void;
}

export function createTestRouter() {
  const t = initTRPC.context<{ clientId: string }>().create();
  const gate = new EventEmitter();
  const probe: TestRouterProbe = {
    ticks: new EventEmitter(),
    ticksStarted: 0,
    ticksFinished: 0,
    observableTeardowns: 0,
    gatedWaiting: 0,
    openGate: () => gate.emit('open'),
  };

  const router = t.router({
    whoami: t.procedure.query(({ ctx }) => ctx.clientId),
    greet: t.procedure.input(z.object({ name: z.string().min(1).max(40) })).query(({ input }) => `hello ${input.name}`),
    rename: t.procedure
      .input(z.object({ sceneId: z.string().uuid(), title: z.string().min(1).max(80) }))
      .mutation(({ input }) => ({ sceneId: input.sceneId, title: input.title.trim() })),
    double: t.procedure.input(z.number()).mutation(({ input }) => input * 2),
    isOn: t.procedure.input(z.boolean()).query(({ input }) => input),
    failing: t.procedure.query((): string => {
      throw new Error('the disk is full');
    }),
    forbidden: t.procedure.query((): string => {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'no cameo grant for this face' });
    }),
    gated: t.procedure.query(async () => {
      probe.gatedWaiting += 1;
      await new Promise((resolve) => gate.once('open', resolve));
      return 'through the gate';
    }),
    notCloneable: t.procedure.query(() => ({ callback: () => 1 })),
    nested: t.router({ ping: t.procedure.query(() => 'pong') }),
    later: lazy(async () => t.router({ ping: t.procedure.query(() => 'lazy pong') })),
    countdown: t.procedure.input(z.object({ from: z.number().int().min(0).max(100) })).subscription(async function* ({ input }) {
      for (let n = input.from; n >= 0; n -= 1) yield n;
    }),
    ticks: t.procedure.subscription(async function* ({ signal }) {
      probe.ticksStarted += 1;
      try {
        for await (const [value] of on(probe.ticks, 'tick', { signal })) yield value as number;
      } finally {
        probe.ticksFinished += 1;
      }
    }),
    trackedEvents: t.procedure.subscription(async function* () {
      yield tracked('job-1:step-1', { step: 1 });
      yield tracked('job-1:step-2', { step: 2 });
    }),
    observableTicks: t.procedure.subscription(() =>
      observable<number>((emit) => {
        let n = 0;
        const timer = setInterval(() => emit.next(n++), 2);
        return () => {
          clearInterval(timer);
          probe.observableTeardowns += 1;
        };
      }),
    ),
    failingStream: t.procedure.subscription(async function* () {
      yield 1;
      throw new Error('the worker died');
    }),
  });
  return { router, probe };
}

export type TestRouter = ReturnType<typeof createTestRouter>['router'];

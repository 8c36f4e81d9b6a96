/**
 * The engine's tRPC router in-process, as every UI reaches it: bad input is a BAD_REQUEST with zod's reasons, never a
 * crash; subscriptions start with a snapshot and end when the client goes away.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../src-shared/generation.js';
import { createEngine, type Engine } from './index.js';
import type { JobEvent } from './inference/router.js';
import { createNodeHost } from './system/nodeHost.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from './testing/fixturePack.js';
import { trpcError } from './testing/trpcError.js';

let engine: Engine;
let caller: ReturnType<Engine['router']['createCaller']>;

beforeAll(async () => {
  const dataDir = path.join(await makeTempDir('router'), 'data');
  const host = createNodeHost({ dataDir });
  host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
  engine = await createEngine(host);
  caller = engine.router.createCaller(engine.createContext({ clientId: 't' }));
});

afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

const valid = { prompt: 'a red ball bouncing', seconds: 1, seed: 7, steps: 2 };

describe('generation.enqueue refuses bad input with BAD_REQUEST', () => {
  it.each([
    ['an empty prompt', { ...valid, prompt: '   ' }, /write a prompt/],
    ['negative seconds', { ...valid, seconds: -1 }, /seconds/],
    ['seed -1', { ...valid, seed: -1 }, /seed/],
    ['a fractional seed', { ...valid, seed: 1.5 }, /seed/],
    ['an unknown field', { ...valid, strength: 0.3 }, /strength/],
    ['steps 0', { ...valid, steps: 0 }, /steps/],
    ['an unknown scheduler', { ...valid, scheduler: 'ddim' }, /scheduler/],
    ['cameo file paths from a UI', { ...valid, cameos: [] }, /cameos/],
  ])('%s', async (_what, input, mentions) => {
    const e = await trpcError(caller.generation.enqueue(input as never));
    expect(e.code).toBe('BAD_REQUEST');
    expect(`${e.message} ${JSON.stringify((e.cause as { issues?: unknown } | undefined)?.issues ?? '')}`).toMatch(mentions);
    expect(engine.queue.list()).toEqual([]);
  });

  it('a size the pack does not render, listing the sizes it does', async () => {
    const e = await trpcError(caller.generation.enqueue({ ...valid, size: { width: 128, height: 128 } }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toContain('cannot render 128×128; it supports 64×64, 96×64');
  });

  it('more seconds than the pack renders', async () => {
    const e = await trpcError(caller.generation.enqueue({ ...valid, seconds: 10 }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/at most 4\.13 s/);
  });
});

describe('other procedures validate their input', () => {
  it('cancel and retry need a job uuid', async () => {
    expect((await trpcError(caller.generation.cancel({ id: '../../etc' }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.generation.retry({ id: 'x' }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.generation.cancel({ id: crypto.randomUUID() }))).code).toBe('NOT_FOUND');
  });

  it('settings.update refuses unknown keys and bad values, and keeps the settings', async () => {
    const before = await caller.settings.get();
    expect((await trpcError(caller.settings.update({ telemetry: true } as never))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.settings.update({ executionProvider: 'tpu' } as never))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.settings.update({ cpuThreads: -2 }))).code).toBe('BAD_REQUEST');
    expect(await caller.settings.get()).toEqual(before);
  });

  it('a valid settings update goes through', async () => {
    const next = await caller.settings.update({ cpuThreads: 1, executionProvider: 'cpu' });
    expect(next).toMatchObject({ cpuThreads: 1, executionProvider: 'cpu', modelPack: FIXTURE_PACK_DIR });
  });

  it('models.list offers the chosen fixture pack', async () => {
    const { packs } = await caller.models.list();
    expect(packs.map((p) => p.id)).toContain('test-fixture-tiny');
  });
});

describe('generation.watch', () => {
  it('yields a snapshot, then every change of a job, and ends when the client aborts', async () => {
    const controller = new AbortController();
    // An in-process caller's subscriptions end with the signal given to createCaller.
    const watcher = engine.router.createCaller(engine.createContext({ clientId: 'watcher' }), { signal: controller.signal });
    const stream = (await watcher.generation.watch()) as AsyncIterable<JobEvent>;
    const events: JobEvent[] = [];
    let jobId: string | undefined;
    const consumed = (async () => {
      for await (const event of stream) {
        events.push(event);
        if (event.type === 'snapshot') jobId = (await caller.generation.enqueue(valid)).id;
        if (event.type === 'job' && event.job.id === jobId && ['complete', 'error', 'cancelled'].includes(event.job.status)) controller.abort();
      }
      return 'ended';
    })();

    await expect(consumed).resolves.toBe('ended');
    expect(events[0]).toEqual({ type: 'snapshot', jobs: [] });
    const statuses = events.flatMap((e) => (e.type === 'job' ? [e.job.status] : []));
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('complete');
    const phases = events.flatMap((e) => (e.type === 'job' && e.job.status === 'running' ? [e.job.phase] : []));
    expect(phases).toEqual(expect.arrayContaining(['load', 'denoise', 'encode']));
    const last = events.at(-1) as { job: JobView };
    expect(last.job.settings).toMatchObject({ prompt: valid.prompt, seed: 7, steps: 2, frames: 9 });
  });
});

/**
 * The desktop IPC transport end to end: renderer tRPC client → our ipcLink → the preload's bridge → (fakeElectronIpc,
 * standing in for Electron's IPC because the binary can't run here) → the main-process transport → a tRPC v11 router.
 */
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcLink } from '../../src-renderer/app/ipcLink';
import { createIpcBridge } from '../../src-preload/bridge';
import { createElectronIpcTransport } from './electronTransport';
import type { ElectronIpcTransport, IpcErrorInfo } from './electronTransport';
import { IPC_CHANNEL } from './protocol';
import { createFakeElectronIpc } from './testing/fakeElectronIpc';
import type { FakeWindow } from './testing/fakeElectronIpc';
import { createTestRouter } from './testing/testRouter';
import type { TestRouter } from './testing/testRouter';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function setup() {
  const electron = createFakeElectronIpc();
  const { router, probe } = createTestRouter();
  const errors: IpcErrorInfo[] = [];
  const refused: string[] = [];
  const transport: ElectronIpcTransport = createElectronIpcTransport({
    ipcMain: electron.ipcMain,
    router,
    createContext: ({ clientId }) => ({ clientId }),
    onError: (info) => errors.push(info),
    onRefused: (reason) => refused.push(reason),
  });
  cleanups.push(() => transport.dispose());

  const openWindow = (attach = true) => {
    const window: FakeWindow = electron.createWindow();
    if (attach) transport.attachWindow(window.webContents);
    const bridge = createIpcBridge(window.ipcRenderer);
    const client = createTRPCClient<TestRouter>({ links: [ipcLink<TestRouter>({ bridge })] });
    return { window, bridge, client };
  };
  return { electron, transport, probe, errors, refused, openWindow };
}

async function nextTick(ms = 10): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('electron IPC transport: queries and mutations', () => {
  it('answers a query, with the window as the engine context client id', async () => {
    const { openWindow } = setup();
    const { window, client } = openWindow();
    expect(await client.whoami.query()).toBe(`window-${window.webContents.id}`);
    expect(await client.nested.ping.query()).toBe('pong');
  });

  it('runs a mutation with zod-validated input', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const sceneId = '7d9f2c3e-8a51-4c0b-9d2a-3f1e6b7c8d90';
    await expect(client.rename.mutate({ sceneId, title: '  Opening shot ' })).resolves.toEqual({ sceneId, title: 'Opening shot' });
  });

  it('carries falsy inputs (0, false) intact', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    expect(await client.double.mutate(0)).toBe(0);
    expect(await client.isOn.query(false)).toBe(false);
  });

  it('answers invalid input with BAD_REQUEST and the zod issues, and keeps serving', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const error = await client.rename.mutate({ sceneId: 'not-a-uuid', title: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<TestRouter>;
    expect(clientError.data?.code).toBe('BAD_REQUEST');
    expect(clientError.message).toMatch(/sceneId/);
    expect(clientError.message).toMatch(/title/);
    // A wrong type for a primitive input, too.
    const typeError = await client.double.mutate('two' as unknown as number).catch((e: unknown) => e);
    expect((typeError as TRPCClientError<TestRouter>).data?.code).toBe('BAD_REQUEST');
    expect(await client.greet.query({ name: 'Ada' })).toBe('hello Ada');
  });

  it('turns a thrown error into INTERNAL_SERVER_ERROR for the caller and reports it for the log', async () => {
    const { openWindow, errors } = setup();
    const { client } = openWindow();
    const error = (await client.failing.query().catch((e: unknown) => e)) as TRPCClientError<TestRouter>;
    expect(error.data?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('the disk is full');
    expect(errors.map((e) => e.path)).toContain('failing');
    const forbidden = (await client.forbidden.query().catch((e: unknown) => e)) as TRPCClientError<TestRouter>;
    expect(forbidden.data?.code).toBe('FORBIDDEN');
  });

  it('answers an unknown procedure with NOT_FOUND', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const untyped = client as unknown as { missing: { query(): Promise<unknown> } };
    const error = (await untyped.missing.query().catch((e: unknown) => e)) as TRPCClientError<TestRouter>;
    expect(error.data?.code).toBe('NOT_FOUND');
  });

  it('resolves lazy routers', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    expect(await client.later.ping.query()).toBe('lazy pong');
  });

  it('keeps an AbortSignal on the renderer side (it cannot be cloned over IPC)', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const controller = new AbortController();
    expect(await client.greet.query({ name: 'Bo' }, { signal: controller.signal })).toBe('hello Bo');
  });

  it('answers a result that cannot cross IPC with an error instead of crashing', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const error = (await client.notCloneable.query().catch((e: unknown) => e)) as TRPCClientError<TestRouter>;
    expect(error.data?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toMatch(/could not be sent to the window/);
    expect(await client.nested.ping.query()).toBe('pong');
  });

  it('lets two tRPC clients share one bridge without mixing up replies', async () => {
    const { openWindow } = setup();
    const { bridge, client } = openWindow();
    const second = createTRPCClient<TestRouter>({ links: [ipcLink<TestRouter>({ bridge })] });
    const [a, b] = await Promise.all([client.greet.query({ name: 'one' }), second.greet.query({ name: 'two' })]);
    expect([a, b]).toEqual(['hello one', 'hello two']);
  });
});

describe('electron IPC transport: who may call', () => {
  it('refuses messages from a webContents the shell never attached', async () => {
    const { electron, openWindow, refused } = setup();
    openWindow();
    const stray = electron.createForeignWindow();
    const replies: unknown[] = [];
    const bridge = createIpcBridge(stray.ipcRenderer);
    bridge.onMessage((message) => replies.push(message));
    bridge.send({ kind: 'request', id: 1, type: 'query', path: 'whoami', input: undefined });
    await nextTick();
    expect(replies).toEqual([]);
    expect(refused[0]).toMatch(/not a Scenecast window/);
  });

  it('refuses messages from a subframe of an app window', async () => {
    const { openWindow, refused } = setup();
    const { window, bridge } = openWindow();
    const replies: unknown[] = [];
    bridge.onMessage((message) => replies.push(message));
    window.ipcRenderer.sendFromSubframe(IPC_CHANNEL, { kind: 'request', id: 1, type: 'query', path: 'whoami', input: undefined });
    await nextTick();
    expect(replies).toEqual([]);
    expect(refused[0]).toMatch(/subframe/);
  });

  it('ignores malformed messages and reports them, without crashing', async () => {
    const { openWindow, errors } = setup();
    const { window, client } = openWindow();
    window.ipcRenderer.send(IPC_CHANNEL, { kind: 'request', id: -1, type: 'delete-everything', path: '' });
    window.ipcRenderer.send(IPC_CHANNEL, 'garbage');
    await nextTick();
    expect(errors.filter((e) => e.error.code === 'PARSE_ERROR')).toHaveLength(2);
    expect(await client.nested.ping.query()).toBe('pong');
  });
});

describe('electron IPC transport: subscriptions', () => {
  it('streams a subscription to the end (async generator)', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const values: number[] = [];
    await new Promise<void>((resolve, reject) => {
      client.countdown.subscribe(
        { from: 3 },
        { onData: (n) => values.push(n), onError: reject, onComplete: () => resolve() },
      );
    });
    expect(values).toEqual([3, 2, 1, 0]);
  });

  it('can be consumed with for-await in the renderer', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const values: number[] = [];
    for await (const n of client.countdown.subscribe({ from: 2 })) values.push(n);
    expect(values).toEqual([2, 1, 0]);
  });

  it('rejects invalid subscription input with BAD_REQUEST', async () => {
    const { openWindow, transport } = setup();
    const { client } = openWindow();
    const error = await new Promise<unknown>((resolve) => {
      client.countdown.subscribe({ from: -5 }, { onError: resolve, onData: () => resolve('data?!') });
    });
    expect((error as TRPCClientError<TestRouter>).data?.code).toBe('BAD_REQUEST');
    expect(transport.activeSubscriptionCount()).toBe(0);
  });

  it('carries tracked() events with their ids', async () => {
    const { openWindow } = setup();
    const { client } = openWindow();
    const events: unknown[] = [];
    for await (const event of client.trackedEvents.subscribe()) events.push(event);
    expect(events).toEqual([
      { id: 'job-1:step-1', data: { step: 1 } },
      { id: 'job-1:step-2', data: { step: 2 } },
    ]);
  });

  it('delivers an error thrown mid-stream after the values before it', async () => {
    const { openWindow, transport } = setup();
    const { client } = openWindow();
    const values: number[] = [];
    const error = await new Promise<unknown>((resolve) => {
      client.failingStream.subscribe(undefined, { onData: (n) => values.push(n), onError: resolve });
    });
    expect(values).toEqual([1]);
    expect((error as Error).message).toBe('the worker died');
    expect(transport.activeSubscriptionCount()).toBe(0);
  });

  async function startTicks(client: ReturnType<ReturnType<typeof setup>['openWindow']>['client'], probe: ReturnType<typeof setup>['probe']) {
    const values: number[] = [];
    const started = probe.ticksStarted;
    const subscription = client.ticks.subscribe(undefined, { onData: (n) => values.push(n) });
    await vi.waitFor(() => expect(probe.ticksStarted).toBe(started + 1));
    await nextTick();
    probe.ticks.emit('tick', 1);
    await vi.waitFor(() => expect(values).toEqual([1]));
    return { values, subscription };
  }

  it('stops the generator (its finally runs) when the renderer unsubscribes', async () => {
    const { openWindow, probe, transport } = setup();
    const { client, window } = openWindow();
    const { subscription } = await startTicks(client, probe);
    expect(transport.activeSubscriptionCount(window.webContents.id)).toBe(1);
    subscription.unsubscribe();
    await vi.waitFor(() => expect(probe.ticksFinished).toBe(1));
    expect(transport.activeSubscriptionCount()).toBe(0);
    expect(probe.ticks.listenerCount('tick')).toBe(0);
  });

  it('stops the generator when the window is destroyed, and sends nothing to the dead window', async () => {
    const { openWindow, probe, transport } = setup();
    const { client, window } = openWindow();
    await startTicks(client, probe);
    window.destroy();
    await vi.waitFor(() => expect(probe.ticksFinished).toBe(1));
    expect(transport.activeSubscriptionCount()).toBe(0);
    expect(probe.ticks.listenerCount('tick')).toBe(0);
  });

  it('stops the generator when the window navigates to a new document (reload included)', async () => {
    const { openWindow, probe, transport } = setup();
    const { client, window } = openWindow();
    await startTicks(client, probe);
    window.navigate({ isSameDocument: true }); // pushState / hash change: same page, keep streaming
    await nextTick();
    expect(probe.ticksFinished).toBe(0);
    window.navigate({ isMainFrame: false }); // a subframe navigating is not this page going away
    await nextTick();
    expect(probe.ticksFinished).toBe(0);
    window.navigate({ frameGone: true }); // Electron may report the frame as null; that is still this page leaving
    await vi.waitFor(() => expect(probe.ticksFinished).toBe(1));
    expect(transport.activeSubscriptionCount()).toBe(0);
  });

  it('stops the generator when the renderer process crashes', async () => {
    const { openWindow, probe } = setup();
    const { client, window } = openWindow();
    await startTicks(client, probe);
    window.crashRenderer();
    await vi.waitFor(() => expect(probe.ticksFinished).toBe(1));
  });

  it('only stops the subscriptions of the window that went away', async () => {
    const { openWindow, probe, transport } = setup();
    const first = openWindow();
    const second = openWindow();
    await startTicks(first.client, probe);
    const survivor = await startTicks(second.client, probe);
    first.window.destroy();
    await vi.waitFor(() => expect(probe.ticksFinished).toBe(1));
    probe.ticks.emit('tick', 2);
    await vi.waitFor(() => expect(survivor.values).toEqual([1, 2]));
    expect(transport.activeSubscriptionCount(second.window.webContents.id)).toBe(1);
  });

  it('tears down an observable subscription when the window is destroyed', async () => {
    const { openWindow, probe, transport } = setup();
    const { client, window } = openWindow();
    const values: number[] = [];
    client.observableTicks.subscribe(undefined, { onData: (n) => values.push(n) });
    await vi.waitFor(() => expect(values.length).toBeGreaterThan(2));
    window.destroy();
    await vi.waitFor(() => expect(probe.observableTeardowns).toBe(1));
    expect(transport.activeSubscriptionCount()).toBe(0);
  });

  it('drops a reply to a request the page made before it navigated away', async () => {
    const { openWindow, probe } = setup();
    const { window, bridge } = openWindow();
    const replies: unknown[] = [];
    bridge.onMessage((message) => replies.push(message));
    bridge.send({ kind: 'request', id: 1, type: 'query', path: 'gated', input: undefined });
    await vi.waitFor(() => expect(probe.gatedWaiting).toBe(1));
    window.navigate(); // the new document reuses the renderer's ids from 1: the old answer must not reach it
    probe.openGate();
    await nextTick(20);
    expect(replies).toEqual([]);
  });
});

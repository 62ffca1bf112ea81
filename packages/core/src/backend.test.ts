import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendError, registeredBackends, selectBackend } from './backend.js';

describe('selectBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  it('skips unregistered backends with a reason and picks the first that works', async () => {
    const r = await selectBackend(['tensorflow', 'wasm', 'cpu']);
    expect(r.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(r.attempts[0]).toMatchObject({ name: 'tensorflow', ok: false });
    expect(r.attempts[0]!.reason).toMatch(/not registered/);
    expect(r.attempts[1]).toEqual({ name: 'wasm', ok: true });
  });
  it('reports a backend whose initialisation throws, with its message', async () => {
    tf.registerBackend('broken', () => {
      throw new Error('no device here');
    });
    const r = await selectBackend(['broken', 'cpu']);
    expect(r.backend).toBe('cpu');
    expect(r.attempts[0]!.reason).toMatch(/initialisation failed.*no device here/);
    tf.removeBackend('broken');
  });
  it('throws a BackendError listing every attempt when none works', async () => {
    await expect(selectBackend(['nope1', 'nope2'])).rejects.toThrow(BackendError);
    await expect(selectBackend(['nope1'])).rejects.toThrow(/nope1: not registered/);
  });
  it('lists registered backends', () => {
    expect(registeredBackends()).toEqual(expect.arrayContaining(['cpu', 'wasm']));
  });
});

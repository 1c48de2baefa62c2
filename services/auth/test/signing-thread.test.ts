import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { SigningAlg } from '../src/db/signing-keys-sql.js';
import type { ActiveSigningKey } from '../src/keys/keyring.js';
import { SigningThread } from '../src/keys/signing-thread.js';
import { concurrentClientCredentials, createAgent } from './helpers/fixtures.js';
import { useAuthServer } from './helpers/harness.js';

const quiet = { info() {}, warn() {}, error() {} };
const threads: SigningThread[] = [];

afterEach(async () => {
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
});

function keyPair(alg: SigningAlg): { active: ActiveSigningKey; publicKey: KeyObject } {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `test-${alg}-${Math.random().toString(36).slice(2)}`;
  const header = Buffer.from(JSON.stringify({ alg, kid, typ: 'at+jwt' })).toString('base64url');
  return { active: { kid, alg, key: pair.privateKey, encodedHeader: header }, publicKey: pair.publicKey };
}

function verifies(alg: SigningAlg, publicKey: KeyObject, input: string, signature: string): boolean {
  const data = Buffer.from(input);
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'EdDSA') return verify(null, data, publicKey, sig);
  if (alg === 'ES256') return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
  return verify('sha256', data, publicKey, sig);
}

async function startedThread(): Promise<SigningThread> {
  const thread = new SigningThread(quiet);
  threads.push(thread);
  await thread.firstReady;
  return thread;
}

describe('signing thread', () => {
  it('signs with every supported algorithm, batching the requests of one event-loop turn', async () => {
    const thread = await startedThread();
    for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) {
      const { active, publicKey } = keyPair(alg);
      const inputs = Array.from(
        { length: 100 },
        (_, i) => `${active.encodedHeader}.${Buffer.from(`{"n":${i}}`).toString('base64url')}`,
      );
      const signatures = await Promise.all(inputs.map((input) => thread.sign(active, input)));
      signatures.forEach((signature, i) => {
        expect(verifies(alg, publicKey, inputs[i] as string, signature)).toBe(true);
      });
      // A signature never verifies another input (the answers are matched to their requests).
      expect(verifies(alg, publicKey, inputs[1] as string, signatures[0] as string)).toBe(false);
    }
    expect(thread.stats.onThread).toBe(300);
    expect(thread.stats.inline).toBe(0);
    expect(thread.stats.batches).toBeLessThanOrEqual(6);
  });

  it('signs requests for two keys made in the same turn (a rotation) each with its own key', async () => {
    const thread = await startedThread();
    const older = keyPair('ES256');
    const newer = keyPair('ES256');
    const jobs = Array.from({ length: 40 }, (_, i) => {
      const pair = i % 2 === 0 ? older : newer;
      return {
        pair,
        input: `${pair.active.encodedHeader}.${Buffer.from(`{"r":${i}}`).toString('base64url')}`,
      };
    });
    const signatures = await Promise.all(jobs.map(({ pair, input }) => thread.sign(pair.active, input)));
    jobs.forEach(({ pair, input }, i) => {
      expect(verifies('ES256', pair.publicKey, input, signatures[i] as string)).toBe(true);
    });
    expect(thread.stats.onThread).toBe(40);
    expect(thread.stats.batches).toBe(2);
  });

  it('signs the batches in flight on the event loop when the thread dies, then starts a new thread', async () => {
    const thread = await startedThread();
    const { active, publicKey } = keyPair('ES256');
    const inputs = Array.from(
      { length: 50 },
      (_, i) => `${active.encodedHeader}.${Buffer.from(`{"i":${i}}`).toString('base64url')}`,
    );
    const pending = inputs.map((input) => thread.sign(active, input));
    // Kill the thread while the batch is queued or being signed.
    const worker = (thread as unknown as { worker: { terminate(): Promise<number> } }).worker;
    setImmediate(() => void worker.terminate());
    const signatures = await Promise.all(pending);
    signatures.forEach((signature, i) => {
      expect(verifies('ES256', publicKey, inputs[i] as string, signature)).toBe(true);
    });

    const deadline = Date.now() + 10_000;
    while (thread.stats.restarts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(thread.stats.restarts).toBe(1);
    const before = thread.stats.onThread;
    for (;;) {
      const input = `${active.encodedHeader}.e30`;
      expect(verifies('ES256', publicKey, input, await thread.sign(active, input))).toBe(true);
      if (thread.stats.onThread > before || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(thread.stats.onThread).toBeGreaterThan(before);
  });

  it('signs on the event loop and replaces the thread when it stops answering', async () => {
    const thread = new SigningThread(quiet, { stallMs: 200 });
    threads.push(thread);
    await thread.firstReady;
    const { active, publicKey } = keyPair('ES256');
    // Test seam: the thread blocks for 60 s, as a stuck thread would; the requests must not wait for it.
    const worker = (thread as unknown as { worker: { postMessage(message: unknown): void } }).worker;
    worker.postMessage({ type: 'stall', ms: 60_000 });
    const inputs = Array.from(
      { length: 10 },
      (_, i) => `${active.encodedHeader}.${Buffer.from(`{"s":${i}}`).toString('base64url')}`,
    );
    const signatures = await Promise.all(inputs.map((input) => thread.sign(active, input)));
    signatures.forEach((signature, i) => {
      expect(verifies('ES256', publicKey, inputs[i] as string, signature)).toBe(true);
    });
    expect(thread.stats.inline).toBe(10);

    const deadline = Date.now() + 10_000;
    while (thread.stats.restarts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(thread.stats.restarts).toBe(1);
    await (async () => {
      for (;;) {
        const input = `${active.encodedHeader}.e30`;
        expect(verifies('ES256', publicKey, input, await thread.sign(active, input))).toBe(true);
        if (thread.stats.onThread > 0 || Date.now() > deadline) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect(thread.stats.onThread).toBeGreaterThan(0);
  });

  it('after close(), signs on the event loop', async () => {
    const thread = await startedThread();
    await thread.close();
    const { active, publicKey } = keyPair('EdDSA');
    const input = `${active.encodedHeader}.e30`;
    expect(verifies('EdDSA', publicKey, input, await thread.sign(active, input))).toBe(true);
    expect(thread.stats.inline).toBe(1);
  });
});

describe('token endpoint with the signing thread', () => {
  const h = useAuthServer();

  it('issues tokens signed on the thread that verify against the published JWKS', async () => {
    const signer = h.deps.signer as SigningThread;
    expect(signer).toBeInstanceOf(SigningThread);
    await signer.firstReady;
    const agent = await createAgent(h);
    const before = signer.stats.onThread;
    const responses = await concurrentClientCredentials(h, agent, 20);
    const jwks = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
    for (const response of responses) {
      expect(response.status).toBe(200);
      const { payload } = await jwtVerify(response.body.access_token as string, jwks, {
        issuer: h.config.issuer,
        algorithms: ['ES256'],
      });
      expect(payload.client_id).toBe(agent.id);
    }
    expect(signer.stats.onThread - before).toBe(20);
  });
});

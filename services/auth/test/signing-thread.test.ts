import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { SigningAlg } from '../src/db/signing-keys-sql.js';
import type { ActiveSigningKey } from '../src/keys/keyring.js';
import type { SignerReply, SignerRequest } from '../src/keys/signing-protocol.js';
import { SigningThread } from '../src/keys/signing-thread.js';
import { concurrentClientCredentials, createAgent } from './helpers/fixtures.js';
import { api, useAuthServer } from './helpers/harness.js';

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

/** `signingKid`: the keyring's current kid as the thread sees it (by default unknown: none is forgotten). */
async function startedThread(signingKid: () => string | undefined = () => undefined): Promise<SigningThread> {
  const thread = new SigningThread(quiet, { signingKid });
  threads.push(thread);
  await thread.firstReady;
  return thread;
}

function workerOf(thread: SigningThread): Worker {
  return (thread as unknown as { worker: Worker }).worker;
}

/** Test seam: the kids whose private keys the thread holds now (asked after every message sent so far). */
function heldKids(thread: SigningThread): Promise<string[]> {
  const worker = workerOf(thread);
  return new Promise((resolve) => {
    const onMessage = (reply: SignerReply) => {
      if (reply.type !== 'held') return;
      worker.off('message', onMessage);
      resolve(reply.kids);
    };
    worker.on('message', onMessage);
    worker.postMessage({ type: 'held' } satisfies SignerRequest);
  });
}

function signingInput(active: ActiveSigningKey, i: number): string {
  return `${active.encodedHeader}.${Buffer.from(`{"k":${i}}`).toString('base64url')}`;
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

  it('drops a key from the thread once the keyring signs with another, after every batch sent with it', async () => {
    const older = keyPair('ES256');
    const newer = keyPair('ES256');
    let signingKid = older.active.kid;
    const thread = await startedThread(() => signingKid);
    // Blocks the thread so the older key's batch is still unanswered when the rotation forgets the key.
    workerOf(thread).postMessage({ type: 'stall', ms: 300 } satisfies SignerRequest);
    const first = Array.from({ length: 20 }, (_, i) => ({
      pair: older,
      input: signingInput(older.active, i),
    }));
    const firstSigned = first.map(({ pair, input }) => thread.sign(pair.active, input));
    await new Promise((resolve) => setImmediate(resolve)); // the older batch is sent

    // Rotation: the keyring signs with the newer key; requests that took the older one still come.
    signingKid = newer.active.kid;
    const mixed = Array.from({ length: 20 }, (_, i) => {
      const pair = i % 2 === 0 ? newer : older;
      return { pair, input: signingInput(pair.active, 100 + i) };
    });
    const mixedSigned = mixed.map(({ pair, input }) => thread.sign(pair.active, input));
    const jobs = [...first, ...mixed];
    const signatures = await Promise.all([...firstSigned, ...mixedSigned]);
    jobs.forEach(({ pair, input }, i) => {
      expect(verifies('ES256', pair.publicKey, input, signatures[i] as string)).toBe(true);
    });
    expect(await heldKids(thread)).toEqual([newer.active.kid]);

    // A late request for the forgotten key sends it again, is signed on the thread; the key is dropped again.
    const late = signingInput(older.active, 200);
    expect(verifies('ES256', older.publicKey, late, await thread.sign(older.active, late))).toBe(true);
    expect(await heldKids(thread)).toEqual([newer.active.kid]);
    expect(thread.stats.forgotten).toBe(2);
    expect(thread.stats.onThread).toBe(41);
    expect(thread.stats.inline).toBe(0);
  });

  it('keeps every key while the keyring has no current kid', async () => {
    const thread = await startedThread();
    const pairs = [keyPair('ES256'), keyPair('EdDSA')];
    for (const { active, publicKey } of pairs) {
      const input = signingInput(active, 0);
      expect(verifies(active.alg, publicKey, input, await thread.sign(active, input))).toBe(true);
    }
    expect((await heldKids(thread)).sort()).toEqual(pairs.map(({ active }) => active.kid).sort());
    expect(thread.stats.forgotten).toBe(0);
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
    const thread = new SigningThread(quiet, { signingKid: () => undefined, stallMs: 200 });
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

  it('drops the rotated-away key from the thread; tokens issued across rotate and retire all verify', async () => {
    const signer = h.deps.signer as SigningThread;
    await signer.firstReady;
    const agent = await createAgent(h);
    const inlineBefore = signer.stats.inline;
    /** Every response is a token that verifies against the JWKS published now; answers their kids. */
    const verifiedKids = async (responses: Awaited<ReturnType<typeof concurrentClientCredentials>>) => {
      // A fresh set per phase: a remote set does not refetch within its cooldown after a rotation.
      const jwks = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
      const kids = new Set<string>();
      for (const response of responses) {
        expect(response.status).toBe(200);
        const { payload, protectedHeader } = await jwtVerify(response.body.access_token as string, jwks, {
          issuer: h.config.issuer,
          algorithms: ['ES256'],
        });
        expect(payload.client_id).toBe(agent.id);
        kids.add(protectedHeader.kid as string);
      }
      return [...kids];
    };
    const oldKid = (await h.deps.keyring.activeKey()).kid;
    expect(await verifiedKids(await concurrentClientCredentials(h, agent, 10))).toEqual([oldKid]);
    expect(await heldKids(signer)).toEqual([oldKid]);

    // Rotate now while tokens are being issued: each is signed by one key or the other, none fails.
    const [duringRotation, rotated] = await Promise.all([
      concurrentClientCredentials(h, agent, 40),
      api<{ kid: string }>(h, 'POST', '/v1/signing-keys/rotate', {
        key: h.adminKey,
        body: { immediate: true },
      }),
    ]);
    expect(rotated.status).toBe(200);
    const newKid = rotated.body.kid;
    expect([oldKid, newKid]).toEqual(expect.arrayContaining(await verifiedKids(duringRotation)));
    expect(await verifiedKids(await concurrentClientCredentials(h, agent, 10))).toEqual([newKid]);
    expect(await heldKids(signer)).toEqual([newKid]);

    // Retire the old key while tokens are being issued: all signed by the new key, none fails.
    const [duringRetire, retired] = await Promise.all([
      concurrentClientCredentials(h, agent, 40),
      api(h, 'POST', `/v1/signing-keys/${oldKid}/retire`, { key: h.adminKey }),
    ]);
    expect(retired.status).toBe(200);
    expect(await verifiedKids(duringRetire)).toEqual([newKid]);
    expect(await heldKids(signer)).toEqual([newKid]);
    expect(signer.stats.inline).toBe(inlineBefore);
  });
});

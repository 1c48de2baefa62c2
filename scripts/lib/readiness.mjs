import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * One GET with a short timeout; resolves the status code or 0 when nothing answered.
 * @param {string} url
 * @param {number} timeoutMs
 * @returns {Promise<number>}
 */
export function probe(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `url` until it answers 200. Rejects on timeout, or early when `stillRunning()` turns false
 * (the process died, so waiting longer is pointless).
 * @param {string} url
 * @param {{ timeoutMs?: number, intervalMs?: number, stillRunning?: () => boolean }} [options]
 * @returns {Promise<void>}
 */
export async function waitForReady(url, options = {}) {
  const { timeoutMs = 60_000, intervalMs = 250, stillRunning = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  let lastStatus = 0;
  while (Date.now() < deadline) {
    if (!stillRunning()) throw new Error(`exited before ${url} answered 200`);
    lastStatus = await probe(url);
    if (lastStatus === 200) return;
    await sleep(intervalMs);
  }
  const seen = lastStatus ? `last answer ${lastStatus}` : 'nothing answered';
  throw new Error(`${url} not ready after ${Math.round(timeoutMs / 1000)} s (${seen})`);
}

/**
 * Whether something already listens on the port (a leftover launcher, another app). TCP, not
 * HTTP, so a non-HTTP listener counts too.
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (/** @type {boolean} */ used) => {
      socket.destroy();
      resolve(used);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

import { createHash } from 'node:crypto';
import { connect } from 'node:net';

/**
 * Dependency-free reachability checks for PostgreSQL and Redis. They speak just enough of each
 * wire protocol to run a real query (`SELECT 1`) and a real `PING`, so "port open but server still
 * starting" or "wrong server on the port" is reported instead of passing silently. Plain Node so
 * they work before `pnpm install`.
 */

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** @typedef {{ ok: true, detail: string } | { ok: false, detail: string }} CheckResult */

/**
 * Opens a socket and feeds every chunk to `onData` until it settles the check.
 * @param {string} host
 * @param {number} port
 * @param {number} timeoutMs
 * @param {(socket: import('node:net').Socket, settle: (result: CheckResult) => void) => (chunk: Buffer) => void} protocol
 * @returns {Promise<CheckResult>}
 */
function talk(host, port, timeoutMs, protocol) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    /** @param {CheckResult} result */
    const settle = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => settle({ ok: false, detail: `no answer from ${host}:${port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('error', (error) => settle({ ok: false, detail: `${host}:${port}: ${error.message}` }));
    socket.on('close', () => settle({ ok: false, detail: `${host}:${port} closed the connection` }));
    socket.on('connect', () => {
      const onData = protocol(socket, settle);
      socket.on('data', onData);
    });
  });
}

/** @param {string} type @param {Buffer} body */
function pgMessage(type, body) {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** @param {Buffer} payload Reads the human text (field 'M') out of an ErrorResponse. */
function pgErrorText(payload) {
  for (const field of payload.toString('utf8').split('\0')) {
    if (field.startsWith('M')) return field.slice(1);
  }
  return 'unknown error';
}

/**
 * Connects, authenticates (trust, cleartext or md5) and runs `SELECT 1`.
 * @param {string} [url]
 * @param {number} [timeoutMs]
 * @returns {Promise<CheckResult>}
 */
export function checkPostgres(url = DEFAULT_POSTGRES_URL, timeoutMs = 3000) {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || 5432);
  const user = decodeURIComponent(parsed.username || 'postgres');
  const password = decodeURIComponent(parsed.password || '');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '') || 'postgres');

  return talk(host, port, timeoutMs, (socket, settle) => {
    const params = Buffer.from(`user\0${user}\0database\0${database}\0\0`, 'utf8');
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4); // protocol 3.0
    socket.write(Buffer.concat([startup, params]));

    let buffered = Buffer.alloc(0);
    let queried = false;
    let gotRow = false;
    return (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 5) {
        const type = String.fromCharCode(buffered[0] ?? 0);
        const length = buffered.readInt32BE(1);
        if (buffered.length < length + 1) return;
        const payload = buffered.subarray(5, length + 1);
        buffered = buffered.subarray(length + 1);
        if (type === 'E') return settle({ ok: false, detail: `PostgreSQL refused: ${pgErrorText(payload)}` });
        if (type === 'R') {
          const code = payload.readInt32BE(0);
          if (code === 3) socket.write(pgMessage('p', Buffer.from(`${password}\0`)));
          else if (code === 5) {
            const inner = createHash('md5')
              .update(password + user)
              .digest('hex');
            const outer = createHash('md5').update(inner).update(payload.subarray(4, 8)).digest('hex');
            socket.write(pgMessage('p', Buffer.from(`md5${outer}\0`)));
          } else if (code === 10) {
            // SCRAM needs more protocol than a reachability check deserves; the server answered.
            return settle({
              ok: true,
              detail: `PostgreSQL answering at ${host}:${port} (SCRAM auth, query skipped)`,
            });
          } else if (code !== 0)
            return settle({ ok: false, detail: `PostgreSQL asks for unsupported auth method ${code}` });
        }
        if (type === 'D') gotRow = true;
        if (type === 'Z') {
          if (!queried) {
            queried = true;
            socket.write(pgMessage('Q', Buffer.from('SELECT 1\0')));
          } else {
            socket.write(pgMessage('X', Buffer.alloc(0)));
            return settle(
              gotRow
                ? { ok: true, detail: `PostgreSQL at ${host}:${port} answered SELECT 1` }
                : { ok: false, detail: 'PostgreSQL returned no row for SELECT 1' },
            );
          }
        }
      }
    };
  });
}

/** @param {string[]} parts */
function resp(parts) {
  return `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
}

/**
 * Connects, authenticates when the URL carries a password, and expects `+PONG`.
 * @param {string} [url]
 * @param {number} [timeoutMs]
 * @returns {Promise<CheckResult>}
 */
export function checkRedis(url = DEFAULT_REDIS_URL, timeoutMs = 3000) {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || 6379);
  const password = decodeURIComponent(parsed.password || '');
  const username = decodeURIComponent(parsed.username || '');

  return talk(host, port, timeoutMs, (socket, settle) => {
    const auth = password ? resp(username ? ['AUTH', username, password] : ['AUTH', password]) : '';
    socket.write(`${auth}${resp(['PING'])}`);
    let text = '';
    return (chunk) => {
      text += chunk.toString('utf8');
      if (text.includes('+PONG\r\n'))
        return settle({ ok: true, detail: `Redis at ${host}:${port} answered PING` });
      const error = text.match(/^-(.*)\r\n/m);
      if (error) return settle({ ok: false, detail: `Redis refused: ${error[1]}` });
    };
  });
}

/** What to tell a developer whose machine lacks the stores. */
export const STORE_HELP = [
  'Bulwark needs PostgreSQL (127.0.0.1:5432, user postgres, trust auth) and Redis (127.0.0.1:6379).',
  '  Debian/Ubuntu:  sudo apt-get install postgresql redis-server',
  '                  sudo pg_ctlcluster $(ls /etc/postgresql) main start   # or: sudo service postgresql start',
  '                  redis-server --daemonize yes',
  '  macOS (brew):   brew install postgresql@15 redis && brew services start postgresql@15 && brew services start redis',
  '  Docker:         docker compose -f infra/compose/docker-compose.yml up -d postgres redis',
  'Point elsewhere with DATABASE_URL / REDIS_URL.',
].join('\n');

/**
 * Checks both stores using DATABASE_URL-style admin URL and REDIS_URL from the environment.
 * @param {NodeJS.ProcessEnv} env
 */
export async function checkStores(env = process.env) {
  const [postgres, redis] = await Promise.all([
    checkPostgres(env.BULWARK_ADMIN_DATABASE_URL ?? DEFAULT_POSTGRES_URL),
    checkRedis(env.REDIS_URL ?? DEFAULT_REDIS_URL),
  ]);
  return { postgres, redis, ok: postgres.ok && redis.ok };
}

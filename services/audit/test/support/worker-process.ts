import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serviceDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `src/worker.ts` as a real child process. node is spawned directly (with tsx as a loader),
 * not through the tsx CLI, so SIGKILL reaches the process doing the work and not a wrapper.
 */
export function spawnWorker(env: Record<string, string>): {
  child: ChildProcess;
  ready: Promise<void>;
  /** Everything it printed so far (stdout and stderr), to explain a failure. */
  output(): string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: serviceDir,
    // The reconciler compares only the test's own database unless a test says otherwise (by default
    // it would also read bulwark_auth, bulwark_billing, … on the same server).
    env: { ...process.env, AUDIT_RECONCILE_SOURCES: env.DATABASE_URL ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('audit worker ready')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before ready:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

export async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A started child process with prefixed output, a ring buffer of its last lines (shown when it
 * fails to become ready) and a stop that escalates SIGTERM → SIGKILL. Children run in their own
 * process group so the signal reaches the whole pnpm → tsx → node chain.
 */
export class SupervisedProcess {
  /** Every child not yet exited, so a dying launcher can still signal them (they are detached). */
  static live = new Set();

  /** Last resort for `process.on('exit')`: SIGTERM every group still alive, synchronously. */
  static terminateAllSync() {
    for (const child of SupervisedProcess.live) child.signalGroup('SIGTERM');
  }

  /**
   * @param {object} options
   * @param {string} options.label          shown before every line
   * @param {string} options.command
   * @param {string[]} options.args
   * @param {string} options.cwd
   * @param {NodeJS.ProcessEnv} options.env
   * @param {(text: string) => string} [options.colour]
   * @param {(line: string) => void} [options.write]   where prefixed lines go (stdout by default)
   * @param {number} [options.keepLines]
   */
  constructor({ label, command, args, cwd, env, colour = (t) => t, write, keepLines = 40 }) {
    this.label = label;
    /** @type {string[]} */
    this.recent = [];
    this.keepLines = keepLines;
    /** @type {number | null} */
    this.exitCode = null;
    /** @type {NodeJS.Signals | null} */
    this.exitSignal = null;
    this.running = true;
    const prefix = colour(`${label.padEnd(16)}│`);
    const out = write ?? ((line) => process.stdout.write(`${line}\n`));

    this.child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    SupervisedProcess.live.add(this);
    /** @type {Promise<void>} */
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        SupervisedProcess.live.delete(this);
        this.running = false;
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      });
      this.child.on('error', (error) => {
        this.remember(`could not start: ${error.message}`);
        this.running = false;
        this.exitCode = 127;
        resolve();
      });
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.remember(line);
        out(`${prefix} ${line}`);
      });
    }
  }

  /** @param {string} line */
  remember(line) {
    this.recent.push(line);
    if (this.recent.length > this.keepLines) this.recent.shift();
  }

  /** Whether any process of the child's group is still alive (pnpm may exit before its children). */
  groupAlive() {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return this.running;
    }
  }

  /** @param {number} withinMs */
  async groupGone(withinMs) {
    const deadline = Date.now() + withinMs;
    while (this.groupAlive() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** @param {NodeJS.Signals} signal */
  signalGroup(signal) {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      if (this.running) this.child.kill(signal);
    }
  }

  /**
   * SIGTERM the group; SIGKILL whatever of it is left after `graceMs`.
   * @param {number} [graceMs]
   */
  async stop(graceMs = 10_000) {
    if (!this.groupAlive()) return;
    this.signalGroup('SIGTERM');
    await this.groupGone(graceMs);
    if (this.groupAlive()) {
      this.remember(`still running ${graceMs} ms after SIGTERM, sending SIGKILL`);
      this.signalGroup('SIGKILL');
      // SIGKILL is delivered asynchronously; wait so the ports are free when stop() resolves.
      await this.groupGone(5_000);
    }
    await this.exited;
  }

  describeExit() {
    return this.exitSignal ? `killed by ${this.exitSignal}` : `exit code ${this.exitCode}`;
  }
}

import { readFileSync } from 'node:fs';

/**
 * `npm start` runs us as npm → sh → node. A supervisor that kills only npm (e.g. `timeout`, some
 * IDEs) leaves sh and us running, and with us every service. Watching our ancestors lets the
 * launcher stop the stack when whoever started it is gone.
 * @param {number} pid
 * @returns {number | undefined}
 */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 (ppid) follows the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls `onGone` once when our parent or grandparent process exits.
 * @param {() => void} onGone
 * @param {number} [intervalMs]
 */
export function watchAncestors(onGone, intervalMs = 1000) {
  const ancestors = [process.ppid];
  const grandparent = parentOf(process.ppid);
  if (grandparent !== undefined) ancestors.push(grandparent);
  const timer = setInterval(() => {
    if (ancestors.some((pid) => !alive(pid))) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

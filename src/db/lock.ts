import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes opening one data directory corrupt it.
 * This lock file names its holder; a holder that no longer runs (killed with -9) is stale
 * and its lock is taken over.
 */
interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
  /** Kernel start time of the process (Linux), so a recycled pid is not mistaken for the holder. */
  processStart: string | null;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} ` +
        `(${holder.command}, started ${holder.startedAt} on ${holder.hostname}).\n` +
        'Only one process at a time can open the embedded database. Stop that process first, ' +
        'or point ACCRUE_DATA_DIR at another directory, or set DATABASE_URL to share a ' +
        'PostgreSQL database between several processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** True when the previous holder had died and its lock was taken over. */
  readonly tookOverStale: boolean;
  release(): void;
}

function processStartOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); fields after the parenthesised command name are space separated.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return afterName[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true; // cannot tell: assume it runs
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (holder.processStart !== null) {
    const now = processStartOf(holder.pid);
    if (now !== null && now !== holder.processStart) return false; // pid was reused
  }
  return true;
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockHolder;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'accrue.lock');
  const takeoverPath = `${lockPath}.takeover`;
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
    processStart: processStartOf(process.pid),
  };
  let tookOverStale = false;

  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      return makeLock(lockPath, me, tookOverStale);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder === null) {
      // Being written right now, or left half-written by a crash: wait a moment, then treat as stale.
      const age = Date.now() - safeMtime(lockPath);
      if (age < 2000) {
        sleepSync(50);
        continue;
      }
    } else if (isRunning(holder)) {
      throw new DataDirLockedError(dataDir, holder);
    }
    // Stale. Only one process may take it over: the takeover directory is the mutex.
    try {
      fs.mkdirSync(takeoverPath);
    } catch {
      if (Date.now() - safeMtime(takeoverPath) > 10_000) fs.rmSync(takeoverPath, { recursive: true, force: true });
      sleepSync(50);
      continue;
    }
    try {
      const again = readHolder(lockPath);
      if (again === null || !isRunning(again)) {
        fs.rmSync(lockPath, { force: true });
        tookOverStale = true;
      }
    } finally {
      fs.rmSync(takeoverPath, { recursive: true, force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}; remove it if no Accrue process runs.`);
}

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

function makeLock(lockPath: string, me: LockHolder, tookOverStale: boolean): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const holder = readHolder(lockPath);
    if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) {
      fs.rmSync(lockPath, { force: true });
    }
  };
  process.on('exit', release);
  return { path: lockPath, tookOverStale, release };
}

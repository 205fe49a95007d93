import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

const lockModule = new URL('./lock.ts', import.meta.url).pathname;
const children: ChildProcess[] = [];

/** Another process that takes the lock and keeps it until killed. */
async function holderProcess(dataDir: string): Promise<ChildProcess> {
  const script = `
    const { acquireDataDirLock } = await import(${JSON.stringify(lockModule)});
    acquireDataDirLock(${JSON.stringify(dataDir)}, 'test holder');
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-lock-'));

describe('data directory lock', () => {
  it('refuses a second holder, naming the process that holds it and what to do', async () => {
    const dir = tempDir();
    const holder = await holderProcess(dir);
    let refused: unknown;
    try {
      acquireDataDirLock(dir, 'second');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataDirLockedError);
    const message = (refused as Error).message;
    expect(message).toContain(`in use by process ${holder.pid}`);
    expect(message).toContain('test holder');
    expect(message).toMatch(/Stop that process first/);
    expect(message).toMatch(/DATABASE_URL/);
  });

  it('takes over the lock of a holder killed with SIGKILL', async () => {
    const dir = tempDir();
    const holder = await holderProcess(dir);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const lock = acquireDataDirLock(dir, 'after the crash');
    expect(lock.tookOverStale).toBe(true);
    const recorded = JSON.parse(fs.readFileSync(lock.path, 'utf8'));
    expect(recorded.pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.path)).toBe(false);
  });

  it('treats a lock whose pid now belongs to another process as stale', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'accrue.lock'),
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), command: 'old', startedAt: 'x', processStart: '1' }),
    );
    const lock = acquireDataDirLock(dir, 'new');
    expect(lock.tookOverStale).toBe(true);
    lock.release();
  });

  it('is released on release() and can be taken again', () => {
    const dir = tempDir();
    const first = acquireDataDirLock(dir, 'first');
    expect(() => acquireDataDirLock(dir, 'second')).toThrow(DataDirLockedError);
    first.release();
    const second = acquireDataDirLock(dir, 'second');
    expect(second.tookOverStale).toBe(false);
    second.release();
  });
});

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * AES-256-GCM for values that must be read back (bank details, tax ids, TOTP secrets, mail
 * payloads). Each value carries the id of the key that sealed it: `v1.<keyId>.<iv>.<tag>.<data>`,
 * so keys can rotate: the first key of the ring seals, every key of the ring opens.
 */
export interface KeyRing {
  currentId: string;
  keys: Map<string, Buffer>;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/** `id:base64key[,id:base64key…]`, newest first. Throws a message naming what is wrong. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let currentId = '';
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, encoded] = part.split(':');
    if (!id || !encoded || !keyIdPattern.test(id)) {
      throw new Error('must be a list of id:base64key entries (id of letters, digits, - or _)');
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes, base64-encoded`);
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`);
    keys.set(id, key);
    currentId ||= id;
  }
  if (keys.size === 0) throw new Error('must name at least one key');
  return { currentId, keys };
}

export function newKeySpec(id = todaysKeyId()): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

function todaysKeyId(): string {
  return `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** Today's key id (`k20261120`), or with a suffix (`k20261120-2`) when a key of the ring has it. */
export function unusedKeyId(taken: Iterable<string>): string {
  const ids = new Set(taken);
  const base = todaysKeyId();
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The key ring of an installation without ACCRUE_ENCRYPTION_KEY: kept in the data directory
 * (created on first use, readable by the owner only).
 */
export function localKeyRing(dataDir: string): KeyRing {
  const file = localKeyFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    try {
      fs.writeFileSync(file, `${newKeySpec()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseKeyRing(fs.readFileSync(file, 'utf8').trim());
}

export function localKeyFile(dataDir: string): string {
  return path.join(dataDir, 'encryption.keys');
}

/**
 * Puts a new key first in the data directory's key ring, the older keys after it (they still open
 * what they sealed). The file is replaced in one rename, so a crash leaves the old or the new ring.
 * Returns the new key's id.
 */
export function addLocalKey(dataDir: string): string {
  const ring = localKeyRing(dataDir);
  const file = localKeyFile(dataDir);
  const entries = fs.readFileSync(file, 'utf8').split(',').map((p) => p.trim()).filter(Boolean);
  const id = unusedKeyId(ring.keys.keys());
  const content = `${[newKeySpec(id), ...entries].join(',\n')}\n`;
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  return id;
}

export class Encryptor {
  constructor(private readonly ring: KeyRing) {}

  get currentKeyId(): string {
    return this.ring.currentId;
  }

  /** Whether values sealed with `keyId` can be opened. */
  hasKey(keyId: string): boolean {
    return this.ring.keys.has(keyId);
  }

  seal(plaintext: string): string {
    const key = this.ring.keys.get(this.ring.currentId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', this.ring.currentId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !keyId || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('Not an encrypted value');
    }
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`The value was encrypted with key "${keyId}", which is not in ACCRUE_ENCRYPTION_KEY`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The key id a sealed value was encrypted with (for rotation). */
  static keyIdOf(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts[0] === 'v1' ? (parts[1] ?? null) : null;
  }
}

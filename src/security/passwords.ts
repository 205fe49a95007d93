import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** Argon2id with the parameters of OWASP's recommendation (m = 19 MiB, t = 2, p = 1). */
export const argon2Parameters = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum) */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const passwordLength = { min: 12, max: 128 } as const;

/** The 10,000 most common passwords (ranked list of the zxcvbn-ts common dictionary). */
const commonPasswords = new Set(dictionary['passwords-common'].slice(0, 10_000).map((p) => p.toLowerCase()));

export type PasswordRule = 'password_too_short' | 'password_too_long' | 'password_common';

/** The rule a new password breaks, or null. No composition rules, by design (NIST 800-63B). */
export function passwordRuleBroken(password: string): PasswordRule | null {
  const length = [...password].length;
  if (length < passwordLength.min) return 'password_too_short';
  if (length > passwordLength.max) return 'password_too_long';
  if (commonPasswords.has(password.toLowerCase())) return 'password_common';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), argon2Parameters);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so both answers take as long. */
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoy, password);
  return false;
}

const temporaryAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A temporary password shown once to an admin: 16 characters from an unambiguous alphabet. */
export function temporaryPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let out = '';
  for (const byte of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (byte >= Math.floor(256 / temporaryAlphabet.length) * temporaryAlphabet.length) continue;
    out += temporaryAlphabet[byte % temporaryAlphabet.length];
    if (out.length === 16) return out;
  }
  return out + temporaryPassword().slice(0, 16 - out.length);
}

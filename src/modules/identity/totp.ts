import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { hashToken } from '../../security/tokens.ts';

const period = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'Accrue'): TOTP {
  return new TOTP({ issuer: 'Accrue', label, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secret) });
}

export function otpauthUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/** The QR code of the otpauth URI, as an SVG data URL (rendered without scripts). */
export async function qrCodeDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * The time step of a valid code (one step of clock drift either way), or null. The caller must
 * refuse a step at or before the last one accepted, so no code works twice.
 */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / period) + delta;
}

export function totpCodeAt(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

const recoveryAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Ten recovery codes of 80 random bits each, shown once as XXXX-XXXX-XXXX-XXXX. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((b) => recoveryAlphabet[b % 32]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return hashToken(`recovery:${normalizeRecoveryCode(code)}`);
}

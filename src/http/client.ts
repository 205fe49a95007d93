import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ClientInfo } from '../modules/identity/auth.ts';
import type { AppEnv } from './env.ts';

/** Who is on the other end, for limits and the audit log. */
export function clientInfo(c: Context<AppEnv>): ClientInfo {
  let ip: string | null = null;
  try {
    ip = getConnInfo(c).remote.address ?? null;
  } catch {
    ip = null; // in-process requests (tests) have no socket
  }
  return { ip, userAgent: c.req.header('user-agent') ?? null, requestId: c.get('requestId') ?? null };
}

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { roleAssignments, roleScopes, users } from '../../src/db/schema.ts';
import type { Role } from '../../src/modules/identity/permissions.ts';
import { createOrganization } from '../../src/modules/partners/organizations.ts';
import { locations } from '../../src/modules/partners/schema.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import type { TestApp } from './app.ts';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const testPassword = 'a perfectly fine passphrase';

/** A partner organization with two locations. */
export async function seedOrganization(t: TestApp): Promise<{ id: string; locationIds: string[] }> {
  const n = Math.floor(Math.random() * 1e9);
  const id = await createOrganization(t.db.orm, {
    partnerId: `P-${n}`,
    legalName: `Test Partner ${n}`,
    country: 'US',
    language: 'en',
    locations: [
      { locationId: `L-${n}1`, name: 'Main', country: 'US', address: '1 Main St', partnerType: 'direct_seller' },
      { locationId: `L-${n}2`, name: 'Branch', country: 'US', address: '2 Side St', partnerType: 'indirect_reseller' },
    ],
  });
  const rows = await t.db.orm.select({ id: locations.id }).from(locations).where(eq(locations.organizationId, id));
  return { id, locationIds: rows.map((r) => r.id) };
}

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  organizationId: string | null;
}

/** A user with a password and roles (scoped roles get `all` unless scopes are given). */
export async function seedUser(
  t: TestApp,
  options: {
    organizationId: string | null;
    roles?: Role[];
    scopes?: { locationId: string; programCode: string }[];
    email?: string;
    locale?: string;
    mustChangePassword?: boolean;
    password?: string;
  },
): Promise<SeededUser> {
  const id = randomUUID();
  const email = options.email ?? `user-${unique()}@example.test`;
  const password = options.password ?? testPassword;
  await t.db.orm.insert(users).values({
    id,
    organizationId: options.organizationId,
    email,
    name: `Name ${email.split('@')[0]}`,
    locale: options.locale ?? 'en',
    passwordHash: await hashPassword(password),
    mustChangePassword: options.mustChangePassword ?? false,
  });
  for (const role of options.roles ?? []) {
    const assignmentId = randomUUID();
    await t.db.orm.insert(roleAssignments).values({
      id: assignmentId,
      userId: id,
      organizationId: options.organizationId,
      role,
      allScopes: !options.scopes,
    });
    if (options.scopes) {
      await t.db.orm.insert(roleScopes).values(options.scopes.map((s) => ({ ...s, organizationId: options.organizationId!, assignmentId })));
    }
  }
  return { id, email, password, organizationId: options.organizationId };
}

export interface Browser {
  cookie: string | null;
  csrf: string | null;
  /** `body` sends a file as it is (give its Content-Type in `headers`). */
  request(path: string, init?: { method?: string; json?: unknown; body?: string | Uint8Array | ReadableStream<Uint8Array>; headers?: Record<string, string> }): Promise<Response>;
}

/** A cookie jar for one browser against the in-process app: sends cookie, CSRF token and Origin. */
export function browser(t: TestApp): Browser {
  const jar: Browser = {
    cookie: null,
    csrf: null,
    async request(path, init = {}) {
      const headers: Record<string, string> = { Origin: 'http://localhost', ...(init.headers ?? {}) };
      if (jar.cookie) headers.Cookie = jar.cookie;
      if (jar.csrf) headers['X-CSRF-Token'] = jar.csrf;
      if (init.json !== undefined) headers['Content-Type'] = 'application/json';
      const res = await t.app.request(path, {
        method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
        headers,
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body, duplex: 'half' } : {}),
      } as RequestInit);
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) {
        const match = /^([^=]+)=([^;]*)/.exec(setCookie);
        if (match) jar.cookie = match[2] ? `${match[1]}=${match[2]}` : null;
      }
      if (res.headers.get('content-type')?.includes('json') && path.startsWith('/api/v1/auth/')) {
        const body = await res.clone().json();
        if (body && 'csrfToken' in body) jar.csrf = body.csrfToken;
      }
      return res;
    },
  };
  return jar;
}

/** A browser signed in as the user (the session is active). */
export async function signedIn(t: TestApp, user: SeededUser): Promise<Browser> {
  const b = browser(t);
  const res = await b.request('/api/v1/auth/sign-in', { json: { email: user.email, password: user.password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return b;
}

/** The token in the newest link mailed to an address (read from the mail log, as an operator would). */
export async function tokenMailedTo(t: TestApp, email: string): Promise<string> {
  const { listMail } = await import('../../src/modules/mail/log.ts');
  const [mail] = await listMail(t.db, t.ctx.encryptor, { recipient: email, includeBody: true, limit: 1 });
  const match = /#([\w-]{20,})/.exec(mail?.text ?? '');
  if (!match) throw new Error(`no link mailed to ${email}`);
  return match[1]!;
}

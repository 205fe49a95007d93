import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { hashPassword } from '../../security/passwords.ts';
import type { Role } from '../identity/permissions.ts';
import { roleAssignments, users } from '../identity/schema.ts';
import { organizations } from '../partners/schema.ts';

/** Every demo account signs in with this password. */
export const demoPassword = 'accrue demo password';

export interface DemoUser {
  email: string;
  name: string;
  locale: 'en' | 'zh-TW' | 'ko-KR';
  roles: Role[];
  /** The partner organization (by partner id), or null for an operator. */
  partnerId: string | null;
}

export const demoUsers: DemoUser[] = [
  { email: 'admin@accrue.example', name: 'Alex Morgan', locale: 'en', roles: ['operator_admin'], partnerId: null },
  { email: 'programs@accrue.example', name: '정하늘', locale: 'ko-KR', roles: ['program_manager'], partnerId: null },
  { email: 'finance@accrue.example', name: '林雅婷', locale: 'zh-TW', roles: ['finance'], partnerId: null },
  { email: 'finance.approver@accrue.example', name: 'Sam Rivera', locale: 'en', roles: ['finance'], partnerId: null },
  { email: 'support@accrue.example', name: '윤서연', locale: 'ko-KR', roles: ['support'], partnerId: null },
  { email: 'global.admin@northwind.example', name: 'Jordan Lee', locale: 'en', roles: ['global_admin'], partnerId: 'P-1000001' },
  { email: 'user.admin@northwind.example', name: 'Casey Brooks', locale: 'en', roles: ['user_admin'], partnerId: 'P-1000001' },
  { email: 'incentive.admin@northwind.example', name: 'Taylor Kim', locale: 'en', roles: ['incentive_admin'], partnerId: 'P-1000001' },
  { email: 'incentive.user@northwind.example', name: 'Riley Chen', locale: 'en', roles: ['incentive_user'], partnerId: 'P-1000001' },
  { email: 'no.role@northwind.example', name: 'Morgan Diaz', locale: 'en', roles: [], partnerId: 'P-1000001' },
  { email: 'admin@contoso.example', name: 'Avery Johnson', locale: 'en', roles: ['global_admin'], partnerId: 'P-1000002' },
  { email: 'admin@fabrikam.example', name: 'Dana Whitfield', locale: 'en', roles: ['global_admin'], partnerId: 'P-1000003' },
  { email: 'admin@hanbit.example', name: '김민준', locale: 'ko-KR', roles: ['global_admin'], partnerId: 'P-1000005' },
  { email: 'incentive.admin@hanbit.example', name: '이서윤', locale: 'ko-KR', roles: ['incentive_admin'], partnerId: 'P-1000005' },
  { email: 'incentive.user@hanbit.example', name: '박지호', locale: 'ko-KR', roles: ['incentive_user'], partnerId: 'P-1000005' },
  { email: 'admin@yunqiao.example', name: '陳怡君', locale: 'zh-TW', roles: ['global_admin'], partnerId: 'P-1000009' },
  { email: 'incentive.admin@yunqiao.example', name: '王志明', locale: 'zh-TW', roles: ['incentive_admin'], partnerId: 'P-1000009' },
  { email: 'incentive.user@yunqiao.example', name: '張家豪', locale: 'zh-TW', roles: ['incentive_user'], partnerId: 'P-1000009' },
];

export async function loadDemoUsers(orm: Orm): Promise<number> {
  const partnerIds = [...new Set(demoUsers.flatMap((u) => (u.partnerId ? [u.partnerId] : [])))];
  const orgs = await orm.select({ id: organizations.id, partnerId: organizations.partnerId }).from(organizations).where(inArray(organizations.partnerId, partnerIds));
  const orgId = new Map(orgs.map((o) => [o.partnerId, o.id]));
  for (const demo of demoUsers) {
    const id = randomUUID();
    const organizationId = demo.partnerId ? orgId.get(demo.partnerId)! : null;
    await orm.insert(users).values({ id, organizationId, email: demo.email, name: demo.name, locale: demo.locale, passwordHash: await hashPassword(demoPassword) });
    for (const role of demo.roles) {
      await orm.insert(roleAssignments).values({ id: randomUUID(), userId: id, organizationId, role, allScopes: true });
    }
  }
  return demoUsers.length;
}

/** The sign-ins printed when the portal starts with demo data, and listed in the README. */
export function demoSignIns(): string[] {
  return demoUsers.map((u) => `${u.email.padEnd(36)} ${(u.roles.join(', ') || '(no role)').padEnd(18)} ${u.locale}`);
}

import { z } from '@hono/zod-openapi';
import { locales } from '../../i18n/locales.ts';
import { permissions, roles } from './permissions.ts';

export const LocaleSchema = z.enum(locales);
export const RoleSchema = z.enum(roles as unknown as [string, ...string[]]).openapi('Role');
export const PermissionSchema = z.enum(permissions).openapi('Permission');

export const ScopeSchema = z
  .strictObject({ locationId: z.uuid(), programCode: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/) })
  .openapi('Scope');

export const RoleGrantSchema = z
  .strictObject({ role: RoleSchema, scope: z.union([z.literal('all'), z.array(ScopeSchema).min(1).max(500)]) })
  .openapi('RoleGrant');

export const EmailSchema = z.string().trim().max(254).pipe(z.email());
export const NameSchema = z.string().trim().min(1).max(200);
/** Length and commonness are checked by the use case, so the rule names match the policy. */
export const NewPasswordSchema = z.string().max(1024);

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    locale: z.string(),
    status: z.enum(['active', 'deactivated']),
    roles: z.array(RoleGrantSchema),
    mfaEnabled: z.boolean(),
    invitationPending: z.boolean(),
    mustChangePassword: z.boolean(),
    lastSignInAt: z.date().nullable().transform((d) => d?.toISOString() ?? null).pipe(z.string().nullable()),
    createdAt: z.date().transform((d) => d.toISOString()).pipe(z.string()),
  })
  .openapi('User');

export const SessionSchema = z
  .object({
    signedIn: z.boolean(),
    stage: z.enum(['active', 'mfa_required', 'mfa_setup_required', 'password_change_required']).nullable(),
    csrfToken: z.string().nullable(),
    user: z
      .object({ id: z.uuid(), email: z.string(), name: z.string(), locale: z.string(), mfaEnabled: z.boolean() })
      .nullable(),
    organization: z.object({ id: z.uuid(), partnerId: z.string(), legalName: z.string() }).nullable(),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
  })
  .openapi('Session');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const noContent = { description: 'Done' };

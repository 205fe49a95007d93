import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessExtension } from '../src/http/route.ts';
import { rolePermissions, type Role } from '../src/modules/identity/permissions.ts';
import { randomUUID } from 'node:crypto';
import { systemActor } from '../src/modules/identity/actor.ts';
import { applyEnrollmentEvent, inviteLocation } from '../src/modules/enrollments/transitions.ts';
import { locations } from '../src/modules/partners/schema.ts';
import { taxProfiles } from '../src/modules/profiles/schema.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { programFile, seedProgramId } from './helpers/incentives.ts';
import { browser, seedOrganization, seedUser, signedIn, type Browser } from './helpers/identity.ts';
import { programDefinition, seedProgram } from './helpers/programs.ts';
import { otherIban, seedPaymentProfile } from './helpers/payments.ts';
import { bankChangeRequests } from '../src/modules/profiles/schema.ts';
import { seedProfiles } from './helpers/profiles.ts';
import { addLocation, calculate, earningsProgram, enroll, importLines, recordProgram } from './helpers/earnings.ts';
import { freshCycle, seedPaymentRun } from './helpers/payment-runs.ts';

/**
 * Every route × every role × an object of the caller's own organization and of another one.
 * Expected: no session 401; a role without the route's permission 403; another organization's
 * object 404 (as if it did not exist); otherwise the route's success status.
 */
/** Whose object a request names; the caller's own tenant also carries the caller's user id. */
type Tenant = { organizationId: string | null; userId?: string };
interface Case {
  method: string;
  path: string;
  /** Success status for the caller's own object. */
  ok: number;
  /** Builds the request for an object in `tenant`; omitted for routes without an object. */
  request: (tenant: Tenant, t: TestApp, caller: Tenant) => Promise<{ path: string; json?: unknown; file?: string }>;
  objectRoute: boolean;
}

const userTarget = async (t: TestApp, tenant: Tenant, pending = false) => {
  const user = await seedUser(t, { organizationId: tenant.organizationId, roles: tenant.organizationId ? ['incentive_user'] : ['support'] });
  if (pending) await t.db.query('update users set password_hash = null where id = $1', [user.id]);
  return user.id;
};
const someRole = (tenant: Tenant) => (tenant.organizationId ? 'incentive_user' : 'support');

const matrixProgram = 'MATRIX-OPEN';
let matrixProgramId: string | null = null;

/**
 * A new location of the tenant (of organization A for operators) invited to a program open to
 * all, optionally moved on to Validating; a fresh one per request, so every call finds it Invited.
 */
async function invitedPair(t: TestApp, tenant: Tenant, status: 'invited' | 'action_required' | 'validating' = 'invited') {
  matrixProgramId ??= await seedProgramId(t, programFile(matrixProgram, { eligibility: { open_to_all: true } }));
  const organizationId = tenant.organizationId ?? orgA;
  const locationId = `L-${Math.floor(Math.random() * 1e11)}`;
  const id = randomUUID();
  await t.db.orm.insert(locations).values({ organizationId, id, locationId, name: 'Matrix', country: 'US', address: '', partnerType: 'direct_seller' });
  let enrollment = await inviteLocation(t.ctx, t.db.orm, systemActor(), { organizationId, locationId: id, programId: matrixProgramId }, 'eligible');
  let paymentProfileId: string | null = null;
  if (status !== 'invited') {
    enrollment = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), enrollment, 'accept', 'accepted', '2026-11-20');
    // Reviewed profiles, so an operator may validate it.
    ({ paymentProfileId } = await seedProfiles(t, { organizationId, locationId: id, programId: matrixProgramId }));
  }
  if (status === 'validating') {
    enrollment = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), enrollment, 'profiles_completed', 'profiles complete', '2026-11-20');
  }
  return { locationId, enrollmentId: enrollment.id, paymentProfileId };
}
/**
 * A new Korean location of the tenant (of organization A for operators), optionally with a
 * W-8BEN-E waiting for validation; a fresh one per request.
 */
async function taxLocation(t: TestApp, tenant: Tenant, withForm: boolean) {
  const organizationId = tenant.organizationId ?? orgA;
  const locationId = `L-${Math.floor(Math.random() * 1e11)}`;
  const id = randomUUID();
  await t.db.orm.insert(locations).values({ organizationId, id, locationId, name: 'Matrix', country: 'KR', address: '', partnerType: 'direct_seller' });
  const profileId = randomUUID();
  if (withForm) {
    await t.db.orm.insert(taxProfiles).values({
      organizationId,
      id: profileId,
      locationId: id,
      form: 'W-8BEN-E',
      legalName: 'Matrix Co.',
      address: '1 Teheran-ro, Seoul',
      country: 'KR',
      taxIdSealed: t.ctx.encryptor.seal('220-81-62517'),
      taxIdLast4: '2517',
      signedOn: '2026-05-01',
      expiresOn: '2029-12-31',
      status: 'pending_validation',
      submittedAt: new Date('2026-11-20T09:00:00Z'),
    });
  }
  return { locationId, profileId };
}
const taxForm = { form: 'W-8BEN-E', legalName: 'Matrix Co.', address: '1 Teheran-ro, Seoul', country: 'KR', taxId: '220-81-62517', signedOn: '2026-05-01' };

const partnerIdOf = async (t: TestApp, organizationId: string) =>
  (await t.db.query<{ partner_id: string }>('select partner_id from organizations where id = $1', [organizationId]))[0]!.partner_id;
const freshPartner = async (t: TestApp) => partnerIdOf(t, (await seedOrganization(t)).id);

/** A fresh payment profile of the tenant (of organization A for operators). */
const profileOf = (t: TestApp, tenant: Tenant, options: { archived?: boolean } = {}) => seedPaymentProfile(t, tenant.organizationId ?? orgA, options);

/** A pending bank change of the tenant's profile, entered by another admin of the organization. */
async function pendingChange(t: TestApp, tenant: Tenant) {
  const organizationId = tenant.organizationId ?? orgA;
  const paymentProfileId = await profileOf(t, tenant);
  const requester = await seedUser(t, { organizationId, roles: ['incentive_admin'] });
  const id = randomUUID();
  await t.db.orm.insert(bankChangeRequests).values({
    organizationId,
    id,
    paymentProfileId,
    name: 'Matrix',
    bankCountry: 'GB',
    accountHolder: 'Matrix Ltd',
    scheme: 'iban',
    accountSealed: t.ctx.encryptor.seal('GB82WEST12345698765432'),
    accountLast4: '5432',
    bic: 'NWBKGB2L',
    acceptedCurrencies: ['GBP'],
    status: 'pending',
    requestedBy: requester.id,
    requestedAt: t.clock.now(),
  });
  return id;
}

/** A billing or FX import that finished, for reading. */
async function finishedImport(t: TestApp) {
  const [row] = await t.db.query<{ id: string }>(
    `insert into import_runs (id, kind, file_name, status, bytes_total, actor_label, created_at) values (gen_random_uuid(), 'fx', 'fx.csv', 'done', 10, 'matrix', now()) returning id`,
  );
  return row!.id;
}
async function finishedCalculation(t: TestApp) {
  const [row] = await t.db.query<{ id: string }>(`insert into calculations (id, status, actor_label, created_at) values (gen_random_uuid(), 'done', 'matrix', now()) returning id`);
  return row!.id;
}
/** A manual adjustment for a location of organization A in the matrix program. */
async function adjustment(t: TestApp) {
  matrixProgramId ??= await seedProgramId(t, programFile(matrixProgram, { eligibility: { open_to_all: true } }));
  const [location] = await t.db.query<{ location_id: string }>('select location_id from locations where organization_id = $1 order by location_id limit 1', [orgA]);
  return {
    locationId: location!.location_id,
    programCode: matrixProgram,
    leverCode: 'CORE',
    billedMonth: '2026-09',
    currency: 'USD',
    amount: '10.00',
    reason: 'Ops adjustment',
    comment: 'Matrix',
  };
}

let rowNumber = 0;
/**
 * Partner master data (operators only): the path names a fresh partner, and the row in it is that
 * partner's own or, for another organization, one of `tenant`'s organization.
 */
const partnerRow = async (t: TestApp, tenant: Tenant, caller: Tenant, kind: 'location' | 'archived location' | 'agreement' | 'competency') => {
  const partner = await seedOrganization(t);
  const owner = tenant.organizationId !== caller.organizationId ? tenant.organizationId! : partner.id;
  const base = `/api/v1/partners/${await partnerIdOf(t, partner.id)}`;
  if (kind === 'location' || kind === 'archived location') {
    const [location] = await t.db.query<{ location_id: string }>('select location_id from locations where organization_id = $1 order by location_id limit 1', [owner]);
    if (kind === 'archived location' && owner === partner.id) await t.db.query('update locations set archived_at = now() where location_id = $1', [location!.location_id]);
    return `${base}/locations/${location!.location_id}`;
  }
  // A start day of its own, so rows added to one organization never share a natural key.
  const validFrom = `'2026-01-01'::date - ${++rowNumber}`;
  const [row] = await t.db.query<{ id: string }>(
    kind === 'agreement'
      ? `insert into agreements (organization_id, id, type, status, valid_from) values ($1, gen_random_uuid(), 'reseller', 'active', ${validFrom}) returning id`
      : `insert into competencies (organization_id, id, name, level, valid_from) values ($1, gen_random_uuid(), 'Cloud', 'gold', ${validFrom}) returning id`,
    [owner],
  );
  return `${base}/${kind === 'agreement' ? 'agreements' : 'competencies'}/${row!.id}`;
};


/** One earning per organization (a location of its own, enrolled, one billing line, calculated), made once: every earnings route only reads. */
let earningsProgramId: string | null = null;
const earningOf = new Map<string, string>();
async function earningIn(t: TestApp, organizationId: string): Promise<string> {
  const known = earningOf.get(organizationId);
  if (known) return known;
  earningsProgramId ??= await recordProgram(t, earningsProgram());
  const location = await addLocation(t, organizationId, 'Matrix earnings');
  await enroll(t, organizationId, location.id, earningsProgramId);
  await importLines(t, location.locationId, [{ lineId: `MX-${location.locationId}`, category: 'azure', month: '2026-09', amount: '100.00' }]);
  await calculate(t);
  const [row] = await t.db.query<{ id: string }>('select id from earnings where organization_id = $1 limit 1', [organizationId]);
  earningOf.set(organizationId, row!.id);
  return row!.id;
}

/** A partner with an earning, for the operators' routes (the path names it). */
let earningsPartner: { organizationId: string; partnerId: string } | null = null;
async function partnerWithEarnings(t: TestApp) {
  if (!earningsPartner) {
    const organizationId = (await seedOrganization(t)).id;
    earningsPartner = { organizationId, partnerId: await partnerIdOf(t, organizationId) };
    await earningIn(t, organizationId);
  }
  return earningsPartner;
}

/** A finished export of the organization's earnings, asked for by `userId` (by someone else when omitted). */
async function exportIn(t: TestApp, organizationId: string, userId: string = randomUUID()): Promise<string> {
  const id = randomUUID();
  await t.db.query(
    `insert into earnings_exports (id, organization_id, requested_by_user_id, requested_by, filters, status, rows_total, rows_written, bytes, created_at, finished_at, expires_at)
     values ($1, $2, $3, 'matrix', '{}', 'done', 0, 0, 12, $4, $4, $5)`,
    [id, organizationId, userId, t.clock.now(), new Date(t.clock.now().getTime() + 86_400_000)],
  );
  await t.db.query(`insert into earnings_export_chunks (organization_id, export_id, chunk, data) values ($2, $1, 0, 'earning_id\r\n')`, [id, organizationId]);
  return id;
}

/**
 * Partners' earnings routes: the caller's own organization (organization A for operators, who are
 * refused by permission); another organization's earning or export answers 404. Exports are the
 * asker's own: the caller's for its own tenant, someone else's in the other organization.
 */
const partnerEarning = async (tenant: Tenant, t: TestApp) => earningIn(t, tenant.organizationId ?? orgA);
const partnerExport = async (tenant: Tenant, t: TestApp, caller: Tenant) =>
  exportIn(t, tenant.organizationId ?? orgA, tenant.organizationId === caller.organizationId ? caller.userId : undefined);
/**
 * Operators' earnings routes name a partner; its own earning or export (the caller's), or, for
 * another organization, one of `tenant`'s organization under that partner's id.
 */
const operatorEarningPath = async (tenant: Tenant, t: TestApp, caller: Tenant, kind: 'earning' | 'export' | 'download') => {
  const partner = await partnerWithEarnings(t);
  const owner = tenant.organizationId !== caller.organizationId ? tenant.organizationId! : partner.organizationId;
  const base = `/api/v1/partners/${partner.partnerId}/earnings`;
  if (kind === 'earning') return `${base}/${await earningIn(t, owner)}`;
  const id = await exportIn(t, owner, caller.userId);
  return `${base}/exports/${id}${kind === 'download' ? '/download' : ''}`;
};
const operatorEarnings = async (t: TestApp, suffix = '') => `/api/v1/partners/${(await partnerWithEarnings(t)).partnerId}/earnings${suffix}`;

/**
 * A payment of the organization (a location of its own in the earnings program), written as rows
 * in one approved run: Sent today unless told; optionally with an open dispute. A fresh one per
 * request, so every dispute route finds it as it needs.
 */
let matrixRunId: string | null = null;
async function paymentIn(t: TestApp, organizationId: string, options: { status?: 'sent' | 'in_progress'; dispute?: boolean } = {}) {
  earningsProgramId ??= await recordProgram(t, earningsProgram());
  if (!matrixRunId) {
    matrixRunId = randomUUID();
    await t.db.query(`insert into payment_runs (id, cycle, run_date, status, payments, holds, created_by, created_at) values ($1, '2030-01-01', '2030-01-05', 'approved', 0, 0, 'matrix', now())`, [matrixRunId]);
  }
  const location = await addLocation(t, organizationId, 'Matrix payments');
  const id = randomUUID();
  const status = options.status ?? 'sent';
  await t.db.query(
    `insert into payments (organization_id, id, run_id, cycle, location_id, program_id, payment_profile_id, payout_currency, fx_month, usd, gross,
                           withholding_rate, withholding, net, status, sent_on, status_changed_at, created_at)
     values ($1, $2, $3, '2030-01-01', $4, $5, gen_random_uuid(), 'USD', '2030-01-01', 300, 300.00, 0, 0.00, 300.00, $6, $7, now(), now())`,
    [organizationId, id, matrixRunId, location.id, earningsProgramId, status, status === 'sent' ? t.clock.now().toISOString().slice(0, 10) : null],
  );
  await t.db.query(`insert into payment_events (organization_id, id, payment_id, status, actor_label, at) values ($1, gen_random_uuid(), $2, $3, 'matrix', $4)`, [organizationId, id, status, t.clock.now()]);
  if (!options.dispute) return id;
  const disputeId = randomUUID();
  await t.db.query(
    `insert into payment_disputes (organization_id, id, payment_id, status, message, opened_by_user_id, opened_by, opened_at) values ($1, $2, $3, 'open', 'Matrix question', gen_random_uuid(), 'matrix', now())`,
    [organizationId, disputeId, id],
  );
  return disputeId;
}
const partnerPayment = (tenant: Tenant, t: TestApp, options: { dispute?: boolean } = {}) => paymentIn(t, tenant.organizationId ?? orgA, options);

/**
 * A payment run written as rows, with one payment to a location of organization A by an approved
 * EUR IBAN profile (EUR goes by SEPA, USD in the CSV); created by someone else, so callers may
 * approve it. Payment runs are the vendor's: every organization's payments, no tenant to cross.
 */
let runProfileId: string | null = null;
async function paymentRun(t: TestApp, status: 'upcoming' | 'approved', currency: 'EUR' | 'USD' = 'USD') {
  matrixProgramId ??= await seedProgramId(t, programFile(matrixProgram, { eligibility: { open_to_all: true } }));
  runProfileId ??= await seedPaymentProfile(t, orgA, { status: 'approved' });
  const [location] = await t.db.query<{ id: string }>('select id from locations where organization_id = $1 order by location_id limit 1', [orgA]);
  const payment = { organizationId: orgA, locationId: location!.id, programId: matrixProgramId, paymentProfileId: runProfileId, currency };
  const seeded = await seedPaymentRun(t, { status, payment });
  return { runId: seeded.runId, paymentId: seeded.paymentId! };
}

const cases: Case[] = [
  { method: 'GET', path: '/api/v1/users', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/users' }) },
  {
    method: 'POST',
    path: '/api/v1/users',
    ok: 201,
    objectRoute: false,
    request: async (tenant) => ({
      path: '/api/v1/users',
      json: {
        name: 'New Person',
        email: `new-${Math.random().toString(36).slice(2)}@example.test`,
        locale: 'en',
        roles: [{ role: someRole(tenant), scope: 'all' }],
        credentials: 'temporary_password',
      },
    }),
  },
  { method: 'GET', path: '/api/v1/users/{id}', ok: 200, objectRoute: true, request: async (tenant, t) => ({ path: `/api/v1/users/${await userTarget(t, tenant)}` }) },
  {
    method: 'PUT',
    path: '/api/v1/users/{id}/roles',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({
      path: `/api/v1/users/${await userTarget(t, tenant)}/roles`,
      json: { roles: [{ role: someRole(caller), scope: 'all' }] },
    }),
  },
  { method: 'POST', path: '/api/v1/users/{id}/deactivate', ok: 200, objectRoute: true, request: async (tenant, t) => ({ path: `/api/v1/users/${await userTarget(t, tenant)}/deactivate`, json: {} }) },
  { method: 'POST', path: '/api/v1/users/{id}/reactivate', ok: 200, objectRoute: true, request: async (tenant, t) => ({ path: `/api/v1/users/${await userTarget(t, tenant)}/reactivate`, json: {} }) },
  {
    method: 'POST',
    path: '/api/v1/users/{id}/password-reset',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/users/${await userTarget(t, tenant)}/password-reset`, json: { method: 'temporary_password' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/users/{id}/mfa-reset',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => {
      const id = await userTarget(t, tenant);
      await t.db.query(`update users set totp_enabled_at = now(), totp_secret = 'v1.x.y.z.w' where id = $1`, [id]);
      return { path: `/api/v1/users/${id}/mfa-reset`, json: {} };
    },
  },
  { method: 'POST', path: '/api/v1/users/{id}/invitation', ok: 204, objectRoute: true, request: async (tenant, t) => ({ path: `/api/v1/users/${await userTarget(t, tenant, true)}/invitation`, json: {} }) },
  { method: 'GET', path: '/api/v1/organization/admins', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/organization/admins' }) },
  { method: 'GET', path: '/api/v1/organization/security', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/organization/security' }) },
  {
    method: 'PUT',
    path: '/api/v1/organization/security',
    ok: 200,
    objectRoute: false,
    request: async () => ({ path: '/api/v1/organization/security', json: { requireMfa: false } }),
  },
  { method: 'PATCH', path: '/api/v1/me', ok: 204, objectRoute: false, request: async () => ({ path: '/api/v1/me', json: { locale: 'en' } }) },
  { method: 'GET', path: '/api/v1/audit', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/audit' }) },
  { method: 'GET', path: '/api/v1/organization/audit', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/organization/audit' }) },
  {
    method: 'POST',
    path: '/api/v1/accounts/unlock',
    ok: 200,
    objectRoute: false,
    request: async () => ({ path: '/api/v1/accounts/unlock', json: { email: 'locked.out@example.test' } }),
  },
  { method: 'GET', path: '/api/v1/programs', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/programs' }) },
  { method: 'GET', path: '/api/v1/incentives', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/incentives' }) },
  {
    method: 'GET',
    path: '/api/v1/incentives/{locationId}/{programCode}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/incentives/${(await invitedPair(t, tenant)).locationId}/${matrixProgram}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/incentives/{locationId}/{programCode}/accept',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/incentives/${(await invitedPair(t, tenant)).locationId}/${matrixProgram}/accept`, json: {} }),
  },
  {
    method: 'GET',
    path: '/api/v1/incentives/{locationId}/{programCode}/payout',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/incentives/${(await invitedPair(t, tenant, 'action_required')).locationId}/${matrixProgram}/payout` }),
  },
  {
    method: 'PUT',
    path: '/api/v1/incentives/{locationId}/{programCode}/payout',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => {
      const pair = await invitedPair(t, tenant, 'action_required');
      return { path: `/api/v1/incentives/${pair.locationId}/${matrixProgram}/payout`, json: { paymentProfileId: pair.paymentProfileId, payoutCurrency: 'EUR' } };
    },
  },
  {
    method: 'PUT',
    path: '/api/v1/incentives/{locationId}/{programCode}/hold',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/incentives/${(await invitedPair(t, tenant, 'action_required')).locationId}/${matrixProgram}/hold`, json: { hold: true } }),
  },
  { method: 'GET', path: '/api/v1/enrollments', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/enrollments' }) },
  {
    method: 'GET',
    path: '/api/v1/enrollments/{id}',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/enrollments/${(await invitedPair(t, tenant)).enrollmentId}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/enrollments/{id}/validate',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/enrollments/${(await invitedPair(t, tenant, 'validating')).enrollmentId}/validate`, json: {} }),
  },
  {
    method: 'POST',
    path: '/api/v1/enrollments/{id}/reject',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/enrollments/${(await invitedPair(t, tenant, 'validating')).enrollmentId}/reject`, json: { reason: 'Tax form unsigned' } }),
  },
  { method: 'POST', path: '/api/v1/eligibility/run', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/eligibility/run', json: {} }) },
  // Programs belong to the vendor, not to an organization: partners are refused by permission.
  { method: 'POST', path: '/api/v1/programs', ok: 201, objectRoute: false, request: async () => ({ path: '/api/v1/programs', json: programDefinition() }) },
  {
    method: 'PUT',
    path: '/api/v1/programs/{code}',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => {
      const program = await seedProgram(t);
      return { path: `/api/v1/programs/${program.code}`, json: { ...program, status: 'open', expectedVersion: 1 } };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/programs/{code}/versions/{version}',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/programs/${(await seedProgram(t)).code}/versions/1` }),
  },
  { method: 'GET', path: '/api/v1/partners', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/partners' }) },
  {
    method: 'POST',
    path: '/api/v1/partners',
    ok: 201,
    objectRoute: false,
    request: async () => ({ path: '/api/v1/partners', json: { legalName: 'Matrix Partner Ltd.', country: 'US', language: 'en' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/partners/{partnerId}',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/partners/${await freshPartner(t)}`, json: { legalName: 'Renamed Ltd.' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/locations',
    ok: 201,
    objectRoute: false,
    request: async (_tenant, t) => ({
      path: `/api/v1/partners/${await freshPartner(t)}/locations`,
      json: { name: 'Annex', country: 'US', partnerType: 'direct_seller' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/partners/{partnerId}/locations/{locationId}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: await partnerRow(t, tenant, caller, 'location'), json: { name: 'Renamed' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/locations/{locationId}/archive',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: `${await partnerRow(t, tenant, caller, 'location')}/archive` }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/locations/{locationId}/restore',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: `${await partnerRow(t, tenant, caller, 'archived location')}/restore` }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/agreements',
    ok: 201,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/partners/${await freshPartner(t)}/agreements`, json: { type: 'reseller', validFrom: '2026-01-01' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/partners/{partnerId}/agreements/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: await partnerRow(t, tenant, caller, 'agreement'), json: { status: 'terminated' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/agreements/{id}/expire',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: `${await partnerRow(t, tenant, caller, 'agreement')}/expire`, json: { date: '2026-06-30' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/competencies',
    ok: 201,
    objectRoute: false,
    request: async (_tenant, t) => ({
      path: `/api/v1/partners/${await freshPartner(t)}/competencies`,
      json: { name: 'Cloud Platform', level: 'gold', validFrom: '2026-01-01' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/partners/{partnerId}/competencies/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: await partnerRow(t, tenant, caller, 'competency'), json: { level: 'silver' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/competencies/{id}/expire',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: `${await partnerRow(t, tenant, caller, 'competency')}/expire`, json: { date: '2026-06-30' } }),
  },
  { method: 'GET', path: '/api/v1/tax-profiles', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/tax-profiles' }) },
  {
    method: 'GET',
    path: '/api/v1/tax-profiles/{locationId}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/tax-profiles/${(await taxLocation(t, tenant, true)).locationId}` }),
  },
  {
    method: 'PUT',
    path: '/api/v1/tax-profiles/{locationId}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/tax-profiles/${(await taxLocation(t, tenant, false)).locationId}`, json: taxForm }),
  },
  {
    method: 'GET',
    path: '/api/v1/tax-profiles/{locationId}/edit',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/tax-profiles/${(await taxLocation(t, tenant, true)).locationId}/edit` }),
  },
  { method: 'GET', path: '/api/v1/tax-reviews', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/tax-reviews' }) },
  {
    method: 'GET',
    path: '/api/v1/tax-reviews/{id}',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/tax-reviews/${(await taxLocation(t, tenant, true)).profileId}` }),
  },
  {
    method: 'GET',
    path: '/api/v1/tax-reviews/{id}/tax-id',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/tax-reviews/${(await taxLocation(t, tenant, true)).profileId}/tax-id` }),
  },
  {
    method: 'POST',
    path: '/api/v1/tax-reviews/{id}/approve',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/tax-reviews/${(await taxLocation(t, tenant, true)).profileId}/approve`, json: {} }),
  },
  {
    method: 'POST',
    path: '/api/v1/tax-reviews/{id}/send-back',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/tax-reviews/${(await taxLocation(t, tenant, true)).profileId}/send-back`, json: { reason: 'Unsigned form' } }),
  },
  { method: 'GET', path: '/api/v1/payment-profiles', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/payment-profiles' }) },
  {
    method: 'GET',
    path: '/api/v1/payment-profiles/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payment-profiles/${await profileOf(t, tenant)}` }),
  },
  {
    method: 'GET',
    path: '/api/v1/payment-profiles/{id}/edit',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payment-profiles/${await profileOf(t, tenant)}/edit` }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/payment-profiles/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payment-profiles/${await profileOf(t, tenant)}`, json: { expectedVersion: 1, name: 'Renamed' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-profiles/{id}/archive',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payment-profiles/${await profileOf(t, tenant)}/archive` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-profiles/{id}/restore',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payment-profiles/${await profileOf(t, tenant, { archived: true })}/restore` }),
  },
  {
    method: 'POST',
    path: '/api/v1/bank-changes',
    ok: 201,
    objectRoute: true,
    request: async (tenant, t) => ({ path: '/api/v1/bank-changes', json: { paymentProfileId: await profileOf(t, tenant), ...otherIban } }),
  },
  {
    method: 'POST',
    path: '/api/v1/bank-changes/{id}/confirm',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/bank-changes/${await pendingChange(t, tenant)}/confirm` }),
  },
  {
    method: 'POST',
    path: '/api/v1/bank-changes/{id}/cancel',
    ok: 204,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/bank-changes/${await pendingChange(t, tenant)}/cancel` }),
  },
  // The validation queue is the vendor's: every organization's profiles, no tenant to cross.
  { method: 'GET', path: '/api/v1/payment-reviews', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/payment-reviews' }) },
  {
    method: 'GET',
    path: '/api/v1/payment-reviews/{id}',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/payment-reviews/${await profileOf(t, tenant)}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-reviews/{id}/reveal',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/payment-reviews/${await profileOf(t, tenant)}/reveal` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-reviews/{id}/approve',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/payment-reviews/${await profileOf(t, tenant)}/approve` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-reviews/{id}/send-back',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/payment-reviews/${await profileOf(t, tenant)}/send-back`, json: { reason: 'Holder does not match' } }),
  },
  // Billing, FX and earnings are the vendor's: every organization's lines, no tenant to cross.
  {
    method: 'POST',
    path: '/api/v1/imports/billing',
    ok: 202,
    objectRoute: false,
    request: async () => ({ path: '/api/v1/imports/billing', file: 'line_id,location_id,product_category,billed_month,currency,amount\n' }),
  },
  { method: 'POST', path: '/api/v1/imports/fx', ok: 202, objectRoute: false, request: async () => ({ path: '/api/v1/imports/fx', file: 'month,currency,units_per_usd\n' }) },
  { method: 'GET', path: '/api/v1/imports', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/imports' }) },
  { method: 'GET', path: '/api/v1/imports/{id}', ok: 200, objectRoute: false, request: async (_tenant, t) => ({ path: `/api/v1/imports/${await finishedImport(t)}` }) },
  { method: 'POST', path: '/api/v1/calculations', ok: 202, objectRoute: false, request: async () => ({ path: '/api/v1/calculations', json: {} }) },
  { method: 'GET', path: '/api/v1/calculations', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/calculations' }) },
  { method: 'GET', path: '/api/v1/calculations/{id}', ok: 200, objectRoute: false, request: async (_tenant, t) => ({ path: `/api/v1/calculations/${await finishedCalculation(t)}` }) },
  { method: 'POST', path: '/api/v1/earnings/adjustments', ok: 201, objectRoute: false, request: async (_tenant, t) => ({ path: '/api/v1/earnings/adjustments', json: await adjustment(t) }) },
  { method: 'GET', path: '/api/v1/earnings', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/earnings' }) },
  { method: 'GET', path: '/api/v1/earnings/summary', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/earnings/summary' }) },
  { method: 'GET', path: '/api/v1/earnings.csv', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/earnings.csv' }) },
  { method: 'GET', path: '/api/v1/earnings/exports', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/earnings/exports' }) },
  { method: 'POST', path: '/api/v1/earnings/exports', ok: 202, objectRoute: false, request: async () => ({ path: '/api/v1/earnings/exports', json: {} }) },
  {
    method: 'GET',
    path: '/api/v1/earnings/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/earnings/${await partnerEarning(tenant, t)}` }),
  },
  {
    method: 'GET',
    path: '/api/v1/earnings/exports/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: `/api/v1/earnings/exports/${await partnerExport(tenant, t, caller)}` }),
  },
  {
    method: 'GET',
    path: '/api/v1/earnings/exports/{id}/download',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: `/api/v1/earnings/exports/${await partnerExport(tenant, t, caller)}/download` }),
  },
  { method: 'GET', path: '/api/v1/partners/{partnerId}/earnings', ok: 200, objectRoute: false, request: async (_tenant, t) => ({ path: await operatorEarnings(t) }) },
  {
    method: 'GET',
    path: '/api/v1/partners/{partnerId}/earnings/summary',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: await operatorEarnings(t, '/summary') }),
  },
  { method: 'GET', path: '/api/v1/partners/{partnerId}/earnings.csv', ok: 200, objectRoute: false, request: async (_tenant, t) => ({ path: await operatorEarnings(t, '.csv') }) },
  {
    method: 'GET',
    path: '/api/v1/partners/{partnerId}/earnings/exports',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: await operatorEarnings(t, '/exports') }),
  },
  {
    method: 'POST',
    path: '/api/v1/partners/{partnerId}/earnings/exports',
    ok: 202,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: await operatorEarnings(t, '/exports'), json: {} }),
  },
  {
    method: 'GET',
    path: '/api/v1/partners/{partnerId}/earnings/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: await operatorEarningPath(tenant, t, caller, 'earning') }),
  },
  {
    method: 'GET',
    path: '/api/v1/partners/{partnerId}/earnings/exports/{id}',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: await operatorEarningPath(tenant, t, caller, 'export') }),
  },
  {
    method: 'GET',
    path: '/api/v1/partners/{partnerId}/earnings/exports/{id}/download',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t, caller) => ({ path: await operatorEarningPath(tenant, t, caller, 'download') }),
  },
  { method: 'GET', path: '/api/v1/payments', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/payments' }) },
  { method: 'GET', path: '/api/v1/payments.csv', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/payments.csv' }) },
  { method: 'GET', path: '/api/v1/holds.csv', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/holds.csv' }) },
  { method: 'GET', path: '/api/v1/payouts/status', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/payouts/status' }) },
  { method: 'GET', path: '/api/v1/payments/{id}', ok: 200, objectRoute: true, request: async (tenant, t) => ({ path: `/api/v1/payments/${await partnerPayment(tenant, t)}` }) },
  {
    method: 'GET',
    path: '/api/v1/payments/{id}/earnings',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payments/${await partnerPayment(tenant, t)}/earnings` }),
  },
  {
    method: 'GET',
    path: '/api/v1/payments/{id}/statement.csv',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payments/${await partnerPayment(tenant, t)}/statement.csv` }),
  },
  {
    method: 'GET',
    path: '/api/v1/payments/{id}/statement.pdf',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payments/${await partnerPayment(tenant, t)}/statement.pdf` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payments/{id}/disputes',
    ok: 201,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/payments/${await partnerPayment(tenant, t)}/disputes`, json: { message: 'Matrix question' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/disputes/{id}/close',
    ok: 200,
    objectRoute: true,
    request: async (tenant, t) => ({ path: `/api/v1/disputes/${await partnerPayment(tenant, t, { dispute: true })}/close`, json: {} }),
  },
  { method: 'GET', path: '/api/v1/disputes', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/disputes' }) },
  {
    method: 'GET',
    path: '/api/v1/disputes/{id}',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/disputes/${await partnerPayment(tenant, t, { dispute: true })}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/disputes/{id}/answer',
    ok: 200,
    objectRoute: false,
    request: async (tenant, t) => ({ path: `/api/v1/disputes/${await partnerPayment(tenant, t, { dispute: true })}/answer`, json: { answer: 'Matrix answer' } }),
  },
  {
    method: 'GET',
    path: '/api/v1/partners/{partnerId}/payments',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/partners/${(await partnerWithEarnings(t)).partnerId}/payments` }),
  },
  { method: 'GET', path: '/api/v1/payment-runs', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/payment-runs' }) },
  { method: 'POST', path: '/api/v1/payment-runs', ok: 201, objectRoute: false, request: async () => ({ path: '/api/v1/payment-runs', json: { cycle: freshCycle(2045) } }) },
  { method: 'GET', path: '/api/v1/payment-runs/{id}', ok: 200, objectRoute: false, request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'upcoming')).runId}` }) },
  {
    method: 'GET',
    path: '/api/v1/payment-runs/{id}/payments',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'upcoming')).runId}/payments` }),
  },
  {
    method: 'GET',
    path: '/api/v1/payment-runs/{id}/holds',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'upcoming')).runId}/holds` }),
  },
  // Callers signed in moments ago: their password counts as confirmed for 10 minutes.
  {
    method: 'POST',
    path: '/api/v1/payment-runs/{id}/approve',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'upcoming')).runId}/approve` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-runs/{id}/discard',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'upcoming')).runId}/discard` }),
  },
  {
    method: 'POST',
    path: '/api/v1/payments/{id}/reject',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payments/${(await paymentRun(t, 'upcoming')).paymentId}/reject`, json: { reason: 'Matrix check' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/payments/{id}/bank-result',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payments/${(await paymentRun(t, 'approved')).paymentId}/bank-result`, json: { result: 'sent', date: '2026-11-20' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/payment-runs/{id}/bank-results',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => {
      const { runId, paymentId } = await paymentRun(t, 'approved');
      return { path: `/api/v1/payment-runs/${runId}/bank-results`, file: `payment_id,result,date\n${paymentId},sent,2026-11-20\n` };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/payment-runs/{id}/payout-files/sepa.xml',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'approved', 'EUR')).runId}/payout-files/sepa.xml` }),
  },
  {
    method: 'GET',
    path: '/api/v1/payment-runs/{id}/payout-files/transfers.csv',
    ok: 200,
    objectRoute: false,
    request: async (_tenant, t) => ({ path: `/api/v1/payment-runs/${(await paymentRun(t, 'approved')).runId}/payout-files/transfers.csv` }),
  },
  { method: 'GET', path: '/api/v1/exports/payments.csv', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/exports/payments.csv' }) },
  { method: 'GET', path: '/api/v1/exports/holds.csv', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/exports/holds.csv' }) },
  { method: 'GET', path: '/api/v1/mail', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/mail' }) },
  { method: 'GET', path: '/api/v1/me/tokens', ok: 200, objectRoute: false, request: async () => ({ path: '/api/v1/me/tokens' }) },
];

/** Routes outside the matrix, each with the reason. */
const notInMatrix: Record<string, string> = {
  'GET /healthz': 'public liveness',
  'GET /readyz': 'public readiness',
  'GET /api/v1/system/status': 'public status',
  'GET /api/v1/auth/session': 'public: answers signedIn false without a session',
  'POST /api/v1/auth/sign-in': 'public: covered by the sign-in tests',
  'POST /api/v1/auth/mfa': 'session stage step: covered by the MFA tests',
  'POST /api/v1/auth/password': 'session stage step: covered by the password tests',
  'POST /api/v1/auth/sign-out': 'any session: covered by the sign-in tests',
  'POST /api/v1/auth/reauthenticate': 'any signed-in user, own session only: covered by the re-authentication tests',
  'POST /api/v1/auth/forgot-password': 'public: covered by the self-service tests',
  'POST /api/v1/auth/invitation': 'public, by link token: covered by the self-service tests',
  'POST /api/v1/auth/invitation/accept': 'public, by link token: covered by the self-service tests',
  'POST /api/v1/auth/reset-password/check': 'public, by link token: covered by the self-service tests',
  'POST /api/v1/auth/reset-password': 'public, by link token: covered by the self-service tests',
  'POST /api/v1/auth/confirm-email': 'public, by link token: covered by the self-service tests',
  'POST /api/v1/me/email': "the caller's own account only: covered by the self-service tests",
  'POST /api/v1/me/mfa/totp/setup': "the caller's own session only: covered by the MFA tests",
  'POST /api/v1/me/mfa/totp/enable': "the caller's own session only: covered by the MFA tests",
  'DELETE /api/v1/me/mfa/totp': "the caller's own account only: covered by the MFA tests",
  'POST /api/v1/me/mfa/recovery-codes': "the caller's own account only: covered by the MFA tests",
  'GET /api/v1/mail/{id}': 'operators only; mail has no partner reader: covered by the mail log tests',
  'POST /api/v1/mail/{id}/resend': 'operators only; mail has no partner reader: covered by the support tests',
  'GET /api/v1/partners/{partnerId}': 'operators only (partners.read); covered by the partner directory tests',
  'GET /api/v1/programs/{code}': 'operators only (programs.read): covered by the program route tests',
  'POST /api/v1/programs/import': 'operators only (programs.manage): covered by the program route tests',
  'POST /api/v1/partners/import': 'operators only (partners.manage), multipart: covered by the partner import route tests',
  'POST /api/v1/bank-change-links/check': 'public, by link token: covered by the bank change tests',
  'POST /api/v1/bank-change-links/confirm': 'public, by link token: covered by the bank change tests',
  'POST /api/v1/me/tokens': "the caller's own account only: covered by the API token tests",
  'DELETE /api/v1/me/tokens/{id}': "the caller's own tokens; another user's token answers 404: covered by the API token tests",
};

/** The request as sent: JSON, or a file as the body. */
const send = (c: Case, request: { json?: unknown; file?: string }) =>
  request.file !== undefined ? { method: c.method, body: request.file, headers: { 'Content-Type': 'text/csv' } } : { method: c.method, json: request.json };

const partnerRoles: (Role | 'none')[] = ['global_admin', 'user_admin', 'incentive_admin', 'incentive_user', 'none'];
const operatorRoles: Role[] = ['operator_admin', 'program_manager', 'finance', 'support'];

let t: TestApp;
let orgA: string;
let orgB: string;
const browsers = new Map<string, { browser: Browser; tenant: Tenant; role: Role | 'none' }>();

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await seedOrganization(t)).id;
  orgB = (await seedOrganization(t)).id;
  // Each organization keeps an admin of its own, so no action removes the last one.
  await seedUser(t, { organizationId: orgA, roles: ['global_admin'] });
  await seedUser(t, { organizationId: orgB, roles: ['global_admin'] });
  await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
  for (const role of partnerRoles) {
    const user = await seedUser(t, { organizationId: orgA, roles: role === 'none' ? [] : [role] });
    browsers.set(`partner:${role}`, { browser: await signedIn(t, user), tenant: { organizationId: orgA, userId: user.id }, role });
  }
  for (const role of operatorRoles) {
    const user = await seedUser(t, { organizationId: null, roles: [role] });
    browsers.set(`operator:${role}`, { browser: await signedIn(t, user), tenant: { organizationId: null, userId: user.id }, role });
  }
});
afterAll(() => t?.close());

describe('authorization matrix', () => {
  it('covers every route of the API', async () => {
    const document = await (await t.app.request('/api/openapi.json')).json();
    const routes = Object.entries<Record<string, Record<string, unknown>>>(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set([...cases.map((c) => `${c.method} ${c.path}`), ...Object.keys(notInMatrix)]);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.method} ${c.path}`, async () => {
      const document = await (await t.app.request('/api/openapi.json')).json();
      const access = document.paths[c.path][c.method.toLowerCase()][accessExtension] as string;
      const results: string[] = [];
      const expected: string[] = [];

      const anonymous = await c.request({ organizationId: orgA }, t, { organizationId: orgA });
      const res = await browser(t).request(anonymous.path, send(c, anonymous));
      results.push(`none/no session: ${res.status}`);
      expected.push(`none/no session: 401`);

      for (const [name, { browser: b, tenant, role }] of browsers) {
        const allowed = access === 'authenticated' || (role !== 'none' && rolePermissions[role].includes(access as never));
        const own = await c.request(tenant, t, tenant);
        const ownRes = await b.request(own.path, send(c, own));
        results.push(`${name}/own: ${ownRes.status}`);
        expected.push(`${name}/own: ${allowed ? c.ok : 403}`);
        if (c.objectRoute) {
          const other = await c.request({ organizationId: tenant.organizationId === orgA ? orgB : orgA }, t, tenant);
          const otherRes = await b.request(other.path, send(c, other));
          results.push(`${name}/other organization: ${otherRes.status}`);
          expected.push(`${name}/other organization: ${allowed ? 404 : 403}`);
        }
      }
      expect(results).toEqual(expected);
    });
  }
});

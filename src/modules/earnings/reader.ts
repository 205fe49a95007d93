import { eq, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { monthRangeErrors } from '../billing/months.ts';
import { pairAccess, scopedAccess } from '../enrollments/access.ts';
import type { Actor, Scope } from '../identity/actor.ts';
import { scopedRoles } from '../identity/permissions.ts';
import { organizations } from '../partners/schema.ts';
import { earningKinds, type EarningKind } from './schema.ts';
import { earningStatuses, type EarningStatus } from './status.ts';

/**
 * Whose earnings a query reads: one organization (a partner user's own, or the one an operator
 * named), limited to some (location, program) pairs for incentive roles; or every organization
 * (the command line).
 */
export interface EarningsReader {
  /** Null: every organization. */
  organizationId: string | null;
  /** `all`, or the pairs (location uuid, program code) the reader is limited to. */
  pairs: 'all' | Scope[];
  locale: Locale;
  /** The vendor's staff: they see which operator made a manual adjustment. */
  operator: boolean;
}

/** A partner user reads their organization, within the pairs their incentive roles cover. */
export function partnerReader(actor: Actor, locale: Locale): EarningsReader {
  if (!actor.organizationId) throw AppError.notFound('earning');
  // Access that holds without any scoped pair is access to every pair (Global admin, scope `all`).
  const all = scopedAccess(actor, () => false) !== null;
  const scoped = scopedRoles.flatMap((role) => {
    const scope = actor.scopes[role];
    return Array.isArray(scope) ? scope : [];
  });
  const pairs = all
    ? 'all'
    : scoped.filter(
        (pair, i) =>
          pairAccess(actor, pair.locationId, pair.programCode) !== null &&
          scoped.findIndex((other) => other.locationId === pair.locationId && other.programCode === pair.programCode) === i,
      );
  return { organizationId: actor.organizationId, pairs, locale, operator: false };
}

/** An operator reads the earnings of the partner they name; an unknown partner is not found. */
export async function operatorReader(ctx: Pick<AppContext, 'db'>, partnerId: string, locale: Locale): Promise<EarningsReader> {
  const [organization] = await ctx.db.orm.select({ id: organizations.id }).from(organizations).where(eq(organizations.partnerId, partnerId));
  if (!organization) throw AppError.notFound('partner');
  return { organizationId: organization.id, pairs: 'all', locale, operator: true };
}

/** Every organization's earnings: the command line's exports. */
export function everyOrganization(): EarningsReader {
  return { organizationId: null, pairs: 'all', locale: 'en', operator: true };
}

/** The filters of the earnings list, its summary and its exports. */
export interface EarningFilters {
  /** Public location id, `L-2000317`. */
  location?: string | undefined;
  /** Program code. */
  program?: string | undefined;
  lever?: string | undefined;
  /** Billed months, `YYYY-MM`, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Part of the customer id or name of the earning's billing line, any case. */
  customer?: string | undefined;
  status?: EarningStatus | undefined;
  kind?: EarningKind | undefined;
}

/** Checks what a schema cannot: the month range's order (and months given outside HTTP). */
export function checkFilters(filters: EarningFilters, prefix = 'query.'): EarningFilters {
  const errors = monthRangeErrors(filters, { from: `${prefix}from`, to: `${prefix}to` });
  if (filters.status !== undefined && !earningStatuses.includes(filters.status)) {
    errors.push({ field: `${prefix}status`, rule: 'invalid_value', message: `must be one of: ${earningStatuses.join(', ')}`, params: { values: earningStatuses.join(', ') } });
  }
  if (filters.kind !== undefined && !earningKinds.includes(filters.kind)) {
    errors.push({ field: `${prefix}kind`, rule: 'invalid_value', message: `must be one of: ${earningKinds.join(', ')}`, params: { values: earningKinds.join(', ') } });
  }
  if (errors.length) throw AppError.validation(errors);
  return filters;
}

/**
 * The reader's rows and the filters on the columns that earnings and `earning_totals` share, for
 * the table aliased `alias`: the organization and pairs first, so no query runs without them.
 */
export function scopeAndFilters(reader: EarningsReader, filters: EarningFilters, alias: string): SQL {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  const conditions: SQL[] = [];
  if (reader.organizationId) conditions.push(sql`${column('organization_id')} = ${reader.organizationId}`);
  if (reader.pairs !== 'all') {
    conditions.push(
      reader.pairs.length === 0
        ? sql`false`
        : sql`(${column('location_id')}, ${column('program_id')}) in (
            select v.location_id, p.id from (values ${sql.join(
              reader.pairs.map((pair) => sql`(${pair.locationId}::uuid, ${pair.programCode})`),
              sql`, `,
            )}) v(location_id, code) join programs p on p.code = v.code)`,
    );
  }
  if (filters.location) conditions.push(sql`${column('location_id')} in (select id from locations where location_id = ${filters.location})`);
  if (filters.program) conditions.push(sql`${column('program_id')} in (select id from programs where code = ${filters.program})`);
  if (filters.lever) conditions.push(sql`${column('lever_code')} = ${filters.lever}`);
  if (filters.from) conditions.push(sql`${column('billed_month')} >= ${`${filters.from}-01`}::date`);
  if (filters.to) conditions.push(sql`${column('billed_month')} <= ${`${filters.to}-01`}::date`);
  if (filters.kind) conditions.push(sql`${column('kind')} = ${filters.kind}`);
  return conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
}

/** The customer filter, on the billing line version joined as `lv`. */
export function customerFilter(customer: string | undefined): SQL {
  if (!customer) return sql`true`;
  const pattern = `%${customer.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(lv.customer_id ilike ${pattern} or lv.customer_name ilike ${pattern})`;
}

/** The billing line version an earning was calculated from, as `lv` (none for manual adjustments). */
export const lineVersionJoin = sql`left join billing_line_versions lv
    on lv.organization_id = e.organization_id and lv.line_id = e.line_id and lv.version = e.line_version`;

import { and, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { isDeepStrictEqual } from 'node:util';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { enrollments } from '../enrollments/schema.ts';
import { applyEnrollmentEvent, inviteLocation, type EnrollmentRow } from '../enrollments/transitions.ts';
import type { EnrollmentEvent } from '../enrollments/state-machine.ts';
import { agreements, competencies, locations, type PartnerType } from '../partners/schema.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { programs, programVersions } from '../programs/schema.ts';
import { eligibilityResults, locationRevenue } from './schema.ts';
import { evaluateRule, trailingWindow, type Requirement } from './rule.ts';

export interface EligibilityRunResult {
  date: string;
  /** (location, program) pairs evaluated. */
  evaluated: number;
  eligible: number;
  /** Pairs whose result (eligible or a requirement) changed. */
  changed: number;
  invited: number;
  lost: number;
  /** Enrollments moved by a program's status (closed, discontinued). */
  programEnded: number;
}

/** The UTC date of an instant, `YYYY-MM-DD`. */
export const utcDate = (at: Date) => at.toISOString().slice(0, 10);

const activeStatuses = ['invited', 'action_required', 'validating', 'enrolled'] as const;

/**
 * Evaluates every (location, program) of the open programs on `date`, stores the result with
 * each requirement, and moves enrollments: eligible without an enrollment → Invited; Ineligible
 * and eligible again → Invited; eligibility lost → Ineligible. Enrollments of closed programs
 * become Inactive, of discontinued ones Discontinued. One transaction, serialised across servers,
 * so a run sees and leaves a consistent state; running it again on the same inputs changes nothing.
 */
export async function runEligibility(
  ctx: Pick<AppContext, 'db' | 'config' | 'encryptor' | 'now' | 'wakeMail'>,
  actor: Actor,
  options: { date?: string; reason?: string } = {},
): Promise<EligibilityRunResult> {
  const date = options.date ?? utcDate(ctx.now());
  const result = await ctx.db.orm.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('accrue.eligibility'))`);
    const run: EligibilityRunResult = { date, evaluated: 0, eligible: 0, changed: 0, invited: 0, lost: 0, programEnded: 0 };

    const programRows = await tx
      .select({ id: programs.id, code: programs.code, status: programs.status, definition: programVersions.definition })
      .from(programs)
      .innerJoin(programVersions, and(eq(programVersions.programId, programs.id), eq(programVersions.version, programs.currentVersion)))
      .where(ne(programs.status, 'draft'))
      .orderBy(programs.code);

    // Programs that ended take their enrollments with them.
    for (const program of programRows.filter((p) => p.status === 'closed' || p.status === 'discontinued')) {
      const event: EnrollmentEvent = program.status === 'closed' ? 'program_closed' : 'program_discontinued';
      const open = await tx
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.programId, program.id), ne(enrollments.status, program.status === 'closed' ? 'inactive' : 'discontinued'), ne(enrollments.status, 'discontinued')));
      for (const enrollment of open) {
        await applyEnrollmentEvent(ctx, tx, actor, enrollment, event, `program ${program.status}`, date);
        run.programEnded++;
      }
    }

    const open = programRows.filter((p) => p.status === 'open');
    if (open.length) {
      const inputs = await loadInputs(tx, date);
      const stored = new Map<string, { eligible: boolean; requirements: unknown }>();
      for (const row of await tx.select().from(eligibilityResults)) {
        stored.set(`${row.locationId}|${row.programId}`, { eligible: row.eligible, requirements: row.requirements });
      }
      const current = new Map<string, EnrollmentRow>();
      for (const row of await tx.select().from(enrollments)) current.set(`${row.locationId}|${row.programId}`, row);

      for (const program of open) {
        const rule = (program.definition as ProgramFile).eligibility;
        for (const location of inputs.locations) {
          const key = `${location.id}|${program.id}`;
          const outcome = evaluateRule(rule, {
            partnerType: location.partnerType,
            archived: location.archived,
            activeAgreements: new Set([...(inputs.orgAgreements.get(location.organizationId) ?? []), ...(inputs.locationAgreements.get(location.id) ?? [])]),
            competencyLevels: inputs.competencies.get(location.organizationId) ?? [],
            trailingRevenueUsd: inputs.revenue.get(location.id) ?? '0',
          });
          run.evaluated++;
          if (outcome.eligible) run.eligible++;
          const before = stored.get(key);
          const changed = !before || before.eligible !== outcome.eligible || !isDeepStrictEqual(before.requirements, outcome.requirements);
          if (changed) run.changed++;
          if (changed) {
            const values = { eligible: outcome.eligible, requirements: outcome.requirements, evaluatedOn: date, evaluatedAt: ctx.now(), changedAt: ctx.now() };
            await tx
              .insert(eligibilityResults)
              .values({ organizationId: location.organizationId, locationId: location.id, programId: program.id, ...values })
              .onConflictDoUpdate({ target: [eligibilityResults.organizationId, eligibilityResults.locationId, eligibilityResults.programId], set: values });
          }

          const enrollment = current.get(key);
          const pair = { organizationId: location.organizationId, locationId: location.id, programId: program.id };
          if (outcome.eligible) {
            if (!enrollment) {
              await inviteLocation(ctx, tx, actor, pair, 'eligible');
              run.invited++;
            } else if (enrollment.status === 'ineligible') {
              await applyEnrollmentEvent(ctx, tx, actor, enrollment, 'eligibility_regained', 'eligible', date);
              run.invited++;
            }
          } else if (enrollment && (activeStatuses as readonly string[]).includes(enrollment.status)) {
            await applyEnrollmentEvent(ctx, tx, actor, enrollment, 'eligibility_lost', failing(outcome.requirements), date);
            run.lost++;
          }
        }
      }
    }
    // Unchanged results only learn that they were evaluated again, in one statement.
    if (open.length) {
      await tx
        .update(eligibilityResults)
        .set({ evaluatedOn: date, evaluatedAt: ctx.now() })
        .where(inArray(eligibilityResults.programId, open.map((p) => p.id)));
    }
    if (run.changed || run.invited || run.lost || run.programEnded) {
      await recordAudit(tx, actor, {
        action: 'eligibility.evaluated',
        organizationId: null,
        targetType: 'eligibility',
        targetId: date,
        after: { ...run, reason: options.reason ?? null },
      });
    }
    return run;
  });
  if (result.invited || result.lost || result.programEnded) ctx.wakeMail();
  return result;
}

/** The codes of the requirements not met, the reason stored with a lost eligibility. */
export function failing(requirements: Requirement[]): string {
  return requirements
    .filter((r) => !r.met)
    .map((r) => r.code)
    .join(',');
}

async function loadInputs(tx: Orm, date: string) {
  const locationRows = await tx
    .select({ organizationId: locations.organizationId, id: locations.id, partnerType: locations.partnerType, archivedAt: locations.archivedAt })
    .from(locations)
    .orderBy(locations.locationId);
  const activeOn = (from: AnyPgColumn, to: AnyPgColumn) => and(lte(from, date), or(isNull(to), gte(to, date)));
  const agreementRows = await tx
    .select({ organizationId: agreements.organizationId, locationId: agreements.locationId, type: agreements.type })
    .from(agreements)
    .where(and(eq(agreements.status, 'active'), activeOn(agreements.validFrom, agreements.validTo)));
  const competencyRows = await tx
    .select({ organizationId: competencies.organizationId, level: competencies.level })
    .from(competencies)
    .where(activeOn(competencies.validFrom, competencies.validTo));
  const window = trailingWindow(date);
  const revenueRows = await tx
    .select({ locationId: locationRevenue.locationId, usd: sql<string>`sum(${locationRevenue.usd})::text` })
    .from(locationRevenue)
    .where(and(gte(locationRevenue.month, window.from), lt(locationRevenue.month, window.until)))
    .groupBy(locationRevenue.locationId);

  const orgAgreements = new Map<string, string[]>();
  const locationAgreements = new Map<string, string[]>();
  for (const a of agreementRows) {
    const map = a.locationId ? locationAgreements : orgAgreements;
    const key = a.locationId ?? a.organizationId;
    map.set(key, [...(map.get(key) ?? []), a.type]);
  }
  const competencyMap = new Map<string, string[]>();
  for (const c of competencyRows) competencyMap.set(c.organizationId, [...(competencyMap.get(c.organizationId) ?? []), c.level]);
  return {
    locations: locationRows.map((l) => ({ organizationId: l.organizationId, id: l.id, partnerType: l.partnerType as PartnerType, archived: l.archivedAt !== null })),
    orgAgreements,
    locationAgreements,
    competencies: competencyMap,
    revenue: new Map(revenueRows.map((r) => [r.locationId, normalize(r.usd)])),
  };
}

/** `12000.5000` → `12000.5`: the stored reason shows the amount without padding. */
function normalize(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

import { randomUUID } from 'node:crypto';
import { and, eq, ne, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Actor } from '../identity/actor.ts';
import { competencyView } from './directory.ts';
import { FieldProblems, lockPartnerWrites, organizationForChange, recordInputChange, today, type Tx } from './edits.ts';
import { competencies, type competencyLevels } from './schema.ts';

type CompetencyLevel = (typeof competencyLevels)[number];

export interface NewCompetency {
  name: string;
  level: CompetencyLevel;
  validFrom: string;
  validTo: string | null;
}

export interface CompetencyChanges {
  name?: string;
  level?: CompetencyLevel;
  validFrom?: string;
  validTo?: string | null;
}

export type CompetencyView = ReturnType<typeof competencyView>;

async function competencyForChange(tx: Tx, organizationId: string, id: string) {
  const [competency] = await tx
    .select()
    .from(competencies)
    .where(and(eq(competencies.organizationId, organizationId), eq(competencies.id, id)))
    .for('update');
  if (!competency) throw AppError.notFound('competency');
  return competency;
}

/** Refuses a second competency of the same name starting the same day. */
async function assertNoTwin(tx: Tx, key: { organizationId: string; name: string; validFrom: string }, exceptId?: string) {
  const conditions: SQL[] = [
    eq(competencies.organizationId, key.organizationId),
    eq(competencies.name, key.name),
    eq(competencies.validFrom, key.validFrom),
  ];
  if (exceptId) conditions.push(ne(competencies.id, exceptId));
  const [twin] = await tx.select({ id: competencies.id }).from(competencies).where(and(...conditions));
  if (twin) {
    throw new AppError('conflict', `The competency ${key.name} already starts on ${key.validFrom}.`, {
      messageKey: 'partners:problem.competencyExists',
      params: { name: key.name, validFrom: key.validFrom },
    });
  }
}

export async function addCompetency(ctx: AppContext, actor: Actor, partnerId: string, input: NewCompetency): Promise<CompetencyView> {
  const problems = new FieldProblems();
  problems.period(input.validFrom, input.validTo, 'validTo');
  problems.throwIfAny();
  return ctx.db.orm.transaction(async (tx) => {
    await lockPartnerWrites(tx);
    const org = await organizationForChange(tx, partnerId);
    await assertNoTwin(tx, { organizationId: org.id, name: input.name, validFrom: input.validFrom });
    const [competency] = await tx
      .insert(competencies)
      .values({ organizationId: org.id, id: randomUUID(), ...input })
      .returning();
    const view = competencyView(competency!);
    await recordInputChange(tx, actor, { action: 'competency.added', organizationId: org.id, targetType: 'competency', targetId: view.id, after: view });
    return view;
  });
}

/** Changes a competency's name, level or period. */
export async function updateCompetency(ctx: AppContext, actor: Actor, partnerId: string, id: string, changes: CompetencyChanges): Promise<CompetencyView> {
  return ctx.db.orm.transaction(async (tx) => {
    await lockPartnerWrites(tx);
    const org = await organizationForChange(tx, partnerId);
    const competency = await competencyForChange(tx, org.id, id);
    const next = {
      name: changes.name ?? competency.name,
      level: changes.level ?? competency.level,
      validFrom: changes.validFrom ?? competency.validFrom,
      validTo: changes.validTo === undefined ? competency.validTo : changes.validTo,
    };
    const problems = new FieldProblems();
    problems.period(next.validFrom, next.validTo, changes.validTo === undefined ? 'validFrom' : 'validTo');
    problems.throwIfAny();
    const before = competencyView(competency);
    if ((Object.keys(next) as (keyof typeof next)[]).every((key) => next[key] === competency[key])) return before;
    if (next.name !== competency.name || next.validFrom !== competency.validFrom) {
      await assertNoTwin(tx, { organizationId: org.id, name: next.name, validFrom: next.validFrom }, competency.id);
    }
    const [after] = await tx
      .update(competencies)
      .set({ ...next, updatedAt: ctx.now() })
      .where(and(eq(competencies.organizationId, org.id), eq(competencies.id, competency.id)))
      .returning();
    const view = competencyView(after!);
    await recordInputChange(tx, actor, { action: 'competency.updated', organizationId: org.id, targetType: 'competency', targetId: id, before, after: view });
    return view;
  });
}

/** Ends a competency on `date` (default today), within its current period. */
export async function expireCompetency(ctx: AppContext, actor: Actor, partnerId: string, id: string, date = today(ctx)): Promise<CompetencyView> {
  return ctx.db.orm.transaction(async (tx) => {
    const org = await organizationForChange(tx, partnerId);
    const competency = await competencyForChange(tx, org.id, id);
    const problems = new FieldProblems();
    problems.expiry(date, competency.validFrom, competency.validTo);
    problems.throwIfAny();
    const before = competencyView(competency);
    if (competency.validTo === date) return before;
    const [after] = await tx
      .update(competencies)
      .set({ validTo: date, updatedAt: ctx.now() })
      .where(and(eq(competencies.organizationId, org.id), eq(competencies.id, competency.id)))
      .returning();
    const view = competencyView(after!);
    await recordInputChange(tx, actor, { action: 'competency.expired', organizationId: org.id, targetType: 'competency', targetId: id, before, after: view });
    return view;
  });
}

import { count, desc, eq, getTableColumns } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { calculations } from './schema.ts';

export type CalculationRecord = Omit<typeof calculations.$inferSelect, 'actorUserId'>;

const { actorUserId: _actor, ...columns } = getTableColumns(calculations);

/** The most recent calculations first, with their status and what each recorded. */
export async function listCalculations(ctx: Pick<AppContext, 'db'>, options: { limit: number; offset: number }): Promise<{ calculations: CalculationRecord[]; total: number }> {
  const [rows, [tally]] = await Promise.all([
    ctx.db.orm.select(columns).from(calculations).orderBy(desc(calculations.createdAt), desc(calculations.id)).limit(options.limit).offset(options.offset),
    ctx.db.orm.select({ total: count() }).from(calculations),
  ]);
  return { calculations: rows, total: Number(tally?.total ?? 0) };
}

export async function getCalculation(ctx: Pick<AppContext, 'db'>, id: string): Promise<CalculationRecord> {
  const [row] = await ctx.db.orm.select(columns).from(calculations).where(eq(calculations.id, id));
  if (!row) throw AppError.notFound('calculation');
  return row;
}

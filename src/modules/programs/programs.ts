import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import type { ImportCounts } from '../partners/import-partners.ts';
import type { ProgramFile } from './program-file.ts';
import { programRates, programs, programStatuses, programVersions } from './schema.ts';

const firstOfMonth = (month: string) => `${month}-01`;

/**
 * Creates a program, or records a new version of it when its file changed; the same file again
 * changes nothing. Status only moves forward: draft → open → closed → discontinued.
 */
export async function importProgram(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, file: ProgramFile): Promise<ImportCounts> {
  return ctx.db.orm.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`accrue.program:${file.code}`}))`);
    const [existing] = await tx.select().from(programs).where(eq(programs.code, file.code));
    let programId: string;
    let version: number;
    if (!existing) {
      programId = randomUUID();
      version = 1;
      await tx.insert(programs).values({ id: programId, code: file.code, status: file.status, currentVersion: 1 });
    } else {
      const [current] = await tx
        .select({ definition: programVersions.definition })
        .from(programVersions)
        .where(sql`${programVersions.programId} = ${existing.id} and ${programVersions.version} = ${existing.currentVersion}`);
      if (current && isDeepStrictEqual(current.definition, file)) return { inserted: 0, updated: 0, unchanged: 1 };
      if (programStatuses.indexOf(file.status) < programStatuses.indexOf(existing.status)) {
        throw new AppError('conflict', `The status of ${file.code} cannot go back from ${existing.status} to ${file.status}.`, {
          messageKey: 'programs:statusBackwards',
          params: { code: file.code, from: existing.status, to: file.status },
        });
      }
      programId = existing.id;
      version = existing.currentVersion + 1;
      await tx.update(programs).set({ status: file.status, currentVersion: version, updatedAt: ctx.now() }).where(eq(programs.id, programId));
    }
    await tx.insert(programVersions).values({ programId, version, definition: file, createdBy: actor.label, createdAt: ctx.now() });
    const rates = file.levers.flatMap((lever) =>
      lever.rates.map((r) => ({
        programId,
        version,
        leverCode: lever.code,
        earningType: lever.earning_type,
        productCategory: r.product_category,
        rate: r.rate,
        fromMonth: firstOfMonth(r.from),
        toMonth: r.to ? firstOfMonth(r.to) : null,
      })),
    );
    await tx.insert(programRates).values(rates);
    await recordAudit(tx, actor, {
      action: existing ? 'program.versioned' : 'program.created',
      organizationId: null,
      targetType: 'program',
      targetId: file.code,
      after: { version, status: file.status },
    });
    return existing ? { inserted: 0, updated: 1, unchanged: 0 } : { inserted: 1, updated: 0, unchanged: 0 };
  });
}

export async function listPrograms(ctx: AppContext) {
  const rows = await ctx.db.orm
    .select({ code: programs.code, status: programs.status, currentVersion: programs.currentVersion, definition: programVersions.definition, updatedAt: programs.updatedAt })
    .from(programs)
    .innerJoin(programVersions, sql`${programVersions.programId} = ${programs.id} and ${programVersions.version} = ${programs.currentVersion}`)
    .orderBy(asc(programs.code));
  return rows.map((r) => {
    const definition = r.definition as ProgramFile;
    return { code: r.code, status: r.status, version: r.currentVersion, name: definition.name, fiscalYear: definition.fiscal_year, updatedAt: r.updatedAt };
  });
}

/** A program's current definition and the history of its versions. */
export async function getProgram(ctx: AppContext, code: string) {
  const [program] = await ctx.db.orm.select().from(programs).where(eq(programs.code, code));
  if (!program) throw AppError.notFound('program');
  const versions = await ctx.db.orm
    .select({ version: programVersions.version, definition: programVersions.definition, createdAt: programVersions.createdAt, createdBy: programVersions.createdBy })
    .from(programVersions)
    .where(eq(programVersions.programId, program.id))
    .orderBy(desc(programVersions.version));
  return {
    code: program.code,
    status: program.status,
    version: program.currentVersion,
    definition: versions[0]!.definition as ProgramFile,
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy, status: (v.definition as ProgramFile).status })),
  };
}

import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import type { Actor } from '../identity/actor.ts';
import type { ImportCounts } from '../partners/import-partners.ts';
import { changedFields } from './changes.ts';
import { programFieldOrder, type ProgramFile } from './program-file.ts';
import { programRates, programs, programStatuses, programVersions } from './schema.ts';

const firstOfMonth = (month: string) => `${month}-01`;

type SaveContext = Pick<AppContext, 'db' | 'now'> & Partial<Pick<AppContext, 'wakeJobs'>>;

/** What saving a definition did: `unchanged` records nothing and keeps the current version. */
export interface ProgramSaved {
  code: string;
  result: 'created' | 'versioned' | 'unchanged';
  version: number;
}

interface SaveRules {
  /** `new`: refuse a code that exists; `existing`: refuse one that does not; `any`: import. */
  expect: 'new' | 'existing' | 'any';
  /** The version the caller last saw; a newer one saved meanwhile is refused. */
  expectedVersion?: number | undefined;
}

/**
 * Creates a program, or records a new version of it when its definition changed; the same
 * definition again changes nothing. Status only moves forward: draft → open → closed →
 * discontinued. Every change asks for an eligibility run in the same transaction.
 */
async function saveProgram(ctx: SaveContext, actor: Actor, file: ProgramFile, rules: SaveRules): Promise<ProgramSaved> {
  const saved = await ctx.db.orm.transaction(async (tx): Promise<ProgramSaved> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`accrue.program:${file.code}`}))`);
    const [existing] = await tx.select().from(programs).where(eq(programs.code, file.code));
    if (existing && rules.expect === 'new') {
      throw new AppError('conflict', `A program with the code ${file.code} exists already.`, {
        messageKey: 'programs:codeTaken',
        params: { code: file.code },
        fields: [{ field: 'code', rule: 'program_code_taken', message: 'is the code of another program' }],
      });
    }
    if (!existing && rules.expect === 'existing') throw AppError.notFound('program');
    if (existing && rules.expectedVersion !== undefined && rules.expectedVersion !== existing.currentVersion) {
      throw new AppError('conflict', `Version ${existing.currentVersion} of ${file.code} was saved after version ${rules.expectedVersion} was read.`, {
        messageKey: 'programs:staleVersion',
        params: { code: file.code, expected: rules.expectedVersion, current: existing.currentVersion },
      });
    }

    let programId: string;
    let version: number;
    let before: ProgramFile | null = null;
    if (!existing) {
      programId = randomUUID();
      version = 1;
      await tx.insert(programs).values({ id: programId, code: file.code, status: file.status, currentVersion: 1 });
    } else {
      const [current] = await tx
        .select({ definition: programVersions.definition })
        .from(programVersions)
        .where(sql`${programVersions.programId} = ${existing.id} and ${programVersions.version} = ${existing.currentVersion}`);
      before = (current?.definition ?? null) as ProgramFile | null;
      if (before && isDeepStrictEqual(before, file)) return { code: file.code, result: 'unchanged', version: existing.currentVersion };
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
      ...(existing ? { before: { version: existing.currentVersion, status: existing.status } } : {}),
      after: { version, status: file.status, ...(before ? { changed: changedFields(before, file, programFieldOrder).map((c) => c.field) } : {}) },
    });
    await requestEligibilityRun(tx, `program ${file.code} version ${version}`);
    return { code: file.code, result: existing ? 'versioned' : 'created', version };
  });
  if (saved.result !== 'unchanged') ctx.wakeJobs?.();
  return saved;
}

/** A program file, as `accrue import program` and the import route take it: create or version. */
export async function importProgram(ctx: SaveContext, actor: Actor, file: ProgramFile): Promise<ImportCounts> {
  const { result } = await saveProgram(ctx, actor, file, { expect: 'any' });
  return { inserted: result === 'created' ? 1 : 0, updated: result === 'versioned' ? 1 : 0, unchanged: result === 'unchanged' ? 1 : 0 };
}

/** A new program; its code must not exist yet. */
export async function createProgram(ctx: SaveContext, actor: Actor, file: ProgramFile): Promise<ProgramSaved> {
  return saveProgram(ctx, actor, file, { expect: 'new' });
}

/** The whole new definition of an existing program, whose code it must keep. */
export async function editProgram(ctx: SaveContext, actor: Actor, code: string, file: ProgramFile, expectedVersion?: number): Promise<ProgramSaved> {
  if (file.code !== code) {
    throw AppError.validation([{ field: 'code', rule: 'program_code_fixed', message: `must stay ${code}: a program's code never changes`, params: { code } }]);
  }
  return saveProgram(ctx, actor, file, { expect: 'existing', expectedVersion });
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

/** One version of a program as it was recorded, and the fields it changed from the version before. */
export async function getProgramVersion(ctx: AppContext, code: string, version: number) {
  const [program] = await ctx.db.orm.select({ id: programs.id, currentVersion: programs.currentVersion }).from(programs).where(eq(programs.code, code));
  if (!program) throw AppError.notFound('program');
  const rows = await ctx.db.orm
    .select({ version: programVersions.version, definition: programVersions.definition, createdAt: programVersions.createdAt, createdBy: programVersions.createdBy })
    .from(programVersions)
    .where(sql`${programVersions.programId} = ${program.id} and ${programVersions.version} in (${version}, ${version - 1})`)
    .orderBy(desc(programVersions.version));
  const [wanted, previous] = rows;
  if (!wanted || wanted.version !== version) throw AppError.notFound('program version');
  const definition = wanted.definition as ProgramFile;
  return {
    code,
    version,
    current: version === program.currentVersion,
    status: definition.status,
    createdAt: wanted.createdAt,
    createdBy: wanted.createdBy,
    definition,
    changes: previous ? changedFields(previous.definition, definition, programFieldOrder) : [],
  };
}

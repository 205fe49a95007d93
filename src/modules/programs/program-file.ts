import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError, type FieldError } from '../../errors.ts';
import { competencyLevels, partnerTypes } from '../partners/schema.ts';
import { earningTypes, programStatuses } from './schema.ts';

/**
 * Decimals must arrive as strings ("0.06"): a bare 0.06 in YAML or JSON is a binary float and may
 * not be the number that was meant. Whole numbers may be written bare.
 */
const decimal = (scale: number, what: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : null) : value.trim();
    if (text === null) {
      ctx.addIssue({ code: 'custom', message: `must be written as a quoted decimal, such as "${what}", so it stays exact` });
      return z.NEVER;
    }
    if (!new RegExp(`^\\d+(\\.\\d{1,${scale}})?$`).test(text)) {
      ctx.addIssue({ code: 'custom', message: `must be a decimal with at most ${scale} digits after the point, such as "${what}"` });
      return z.NEVER;
    }
    return text;
  });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine(
  (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
  { message: 'is not a real date' },
);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM' });

const rateSchema = z.strictObject({
  product_category: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { message: 'must be lower-case letters, digits and dashes' }),
  rate: decimal(6, '0.06').refine((r) => Number(r) <= 1, { message: 'must be at most 1 (100 %)' }),
  from: month,
  to: month.optional(),
});

const leverSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, { message: 'must be upper-case letters, digits, _ and -' }),
  earning_type: z.enum(earningTypes),
  rates: z.array(rateSchema).min(1),
});

export const programFileSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, { message: 'must be 2 to 40 upper-case letters, digits and dashes' }),
    name: z.strictObject({ en: z.string().trim().min(1).max(200), 'zh-TW': z.string().trim().min(1).max(200), 'ko-KR': z.string().trim().min(1).max(200) }),
    status: z.enum(programStatuses),
    fiscal_year: z.strictObject({ start: isoDate, end: isoDate }),
    eligibility: z.strictObject({
      partner_types: z.array(z.enum(partnerTypes)).min(1),
      min_competencies: z.number().int().min(0).max(100).default(0),
      min_competency_level: z.enum(competencyLevels).optional(),
      min_trailing_revenue_usd: decimal(2, '50000.00').default('0'),
      open_to_all: z.boolean().default(false),
    }),
    threshold_usd: decimal(2, '200.00').default('200.00'),
    payment_delay_months: z.number().int().min(0).max(24),
    levers: z.array(leverSchema).min(1).max(50),
  })
  .superRefine((program, ctx) => {
    if (program.fiscal_year.end <= program.fiscal_year.start) {
      ctx.addIssue({ code: 'custom', path: ['fiscal_year', 'end'], message: 'must be after fiscal_year.start' });
    }
    const levers = new Set<string>();
    program.levers.forEach((lever, i) => {
      if (levers.has(lever.code)) ctx.addIssue({ code: 'custom', path: ['levers', i, 'code'], message: `repeats lever ${lever.code}` });
      levers.add(lever.code);
      lever.rates.forEach((rate, j) => {
        if (rate.to && rate.to < rate.from) ctx.addIssue({ code: 'custom', path: ['levers', i, 'rates', j, 'to'], message: 'is before from' });
        lever.rates.slice(0, j).forEach((earlier, k) => {
          const overlaps = earlier.product_category === rate.product_category && (earlier.to ?? '9999-12') >= rate.from && (rate.to ?? '9999-12') >= earlier.from;
          if (overlaps) {
            ctx.addIssue({ code: 'custom', path: ['levers', i, 'rates', j, 'from'], message: `overlaps rates.${k} of ${rate.product_category}` });
          }
        });
      });
    });
  });

export type ProgramFile = z.infer<typeof programFileSchema>;

/** Reads a program file (JSON, or YAML by name or content) and checks it; errors name each field. */
export function readProgramFile(name: string, text: string): ProgramFile {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(name) || text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw AppError.validation([{ field: name, rule: 'syntax', message: `cannot be read: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const result = programFileSchema.safeParse(raw);
  if (!result.success) {
    const fields: FieldError[] = result.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.join('.') : '(file)',
      rule: issue.code === 'custom' ? 'program_rule' : issue.code,
      message: issue.message,
    }));
    throw AppError.validation(fields);
  }
  return result.data;
}

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { fieldErrorsFromZod } from '../../http/problem.ts';
import { competencyLevels, partnerTypes } from '../partners/schema.ts';
import { earningTypes, programStatuses } from './schema.ts';
import { monthPattern } from '../billing/months.ts';

/** A rule of the program file: its stable name (the catalog's `errors:rule.<name>`) and values. */
const rule = (name: string, message: string, values: Record<string, string | number> = {}) => ({ message, params: { rule: name, ...values } });

/**
 * Decimals must arrive as strings ("0.06"): a bare 0.06 in YAML or JSON is a binary float and may
 * not be the number that was meant. Whole numbers may be written bare.
 */
const decimal = (scale: number, example: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : null) : value.trim();
    if (text === null) {
      ctx.addIssue({ code: 'custom', ...rule('decimal_quoted', `must be written as a quoted decimal, such as "${example}", so it stays exact`, { example }) });
      return z.NEVER;
    }
    if (!new RegExp(`^\\d+(\\.\\d{1,${scale}})?$`).test(text)) {
      ctx.addIssue({
        code: 'custom',
        ...rule('decimal_scale', `must be a decimal with at most ${scale} digits after the point, such as "${example}"`, { scale, example }),
      });
      return z.NEVER;
    }
    return text;
  });

const pattern = (re: RegExp, name: string, message: string) => z.string().refine((value) => re.test(value), { ...rule(name, message), abort: true });

const isoDate = pattern(/^\d{4}-\d{2}-\d{2}$/, 'date', 'must be a date YYYY-MM-DD').refine(
  (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
  rule('real_date', 'is not a real date'),
);
const month = pattern(monthPattern, 'month', 'must be a month YYYY-MM');

const rateSchema = z.strictObject({
  product_category: pattern(/^[a-z0-9][a-z0-9-]{0,59}$/, 'product_category_format', 'must be lower-case letters, digits and dashes'),
  rate: decimal(6, '0.06').refine((r) => Number(r) <= 1, rule('rate_at_most_one', 'must be at most 1 (100 %)')),
  from: month,
  to: month.optional(),
});

const leverSchema = z.strictObject({
  code: pattern(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, 'lever_code_format', 'must be upper-case letters, digits, _ and -'),
  earning_type: z.enum(earningTypes),
  rates: z.array(rateSchema).min(1),
});

export const programCodePattern = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

export const programFileSchema = z
  .strictObject({
    code: pattern(programCodePattern, 'program_code_format', 'must be 2 to 40 upper-case letters, digits and dashes'),
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
      ctx.addIssue({ code: 'custom', path: ['fiscal_year', 'end'], ...rule('after_start', 'must be after fiscal_year.start') });
    }
    const levers = new Set<string>();
    program.levers.forEach((lever, i) => {
      if (levers.has(lever.code)) ctx.addIssue({ code: 'custom', path: ['levers', i, 'code'], ...rule('lever_repeated', `repeats lever ${lever.code}`, { lever: lever.code }) });
      levers.add(lever.code);
      lever.rates.forEach((rate, j) => {
        if (rate.to && rate.to < rate.from) ctx.addIssue({ code: 'custom', path: ['levers', i, 'rates', j, 'to'], ...rule('before_from', 'is before from') });
        lever.rates.slice(0, j).forEach((earlier, k) => {
          const overlaps = earlier.product_category === rate.product_category && (earlier.to ?? '9999-12') >= rate.from && (rate.to ?? '9999-12') >= earlier.from;
          if (overlaps) {
            ctx.addIssue({
              code: 'custom',
              path: ['levers', i, 'rates', j, 'from'],
              ...rule('rates_overlap', `overlaps rates.${k} of ${rate.product_category}`, { row: k + 1, category: rate.product_category }),
            });
          }
        });
      });
    });
  });

export type ProgramFile = z.infer<typeof programFileSchema>;

/** Every field name of the program file in the order the file lists them (for showing changes). */
export const programFieldOrder: readonly string[] = (() => {
  const names: string[] = [];
  const visit = (schema: z.ZodType): void => {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) visit(schema.unwrap() as z.ZodType);
    else if (schema instanceof z.ZodArray) visit(schema.element as z.ZodType);
    else if (schema instanceof z.ZodObject) {
      for (const [name, child] of Object.entries(schema.shape)) {
        if (!names.includes(name)) names.push(name);
        visit(child as z.ZodType);
      }
    }
  };
  visit(programFileSchema);
  return names;
})();

/**
 * Checks a program definition however it arrived (a file, a request body) and normalises it
 * (defaults filled in, decimals as trimmed strings). Errors name each field by its path in the
 * definition (`levers.0.rates.1.rate`) and the rule it breaks; `root` names the whole.
 */
export function parseProgramDefinition(raw: unknown, root = '(file)'): ProgramFile {
  const result = programFileSchema.safeParse(raw);
  if (!result.success) {
    throw AppError.validation(fieldErrorsFromZod(result.error, '', raw).map((f) => (f.field ? f : { ...f, field: root })));
  }
  return result.data;
}

/** Reads a program file (JSON, or YAML by name or content) and checks it; errors name each field. */
export function readProgramFile(name: string, text: string): ProgramFile {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(name) || text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw AppError.validation([{ field: name, rule: 'syntax', message: `cannot be read: ${(error as Error).message.split('\n')[0]}` }]);
  }
  return parseProgramDefinition(raw);
}

import Decimal from 'decimal.js';
import type { PartnerType } from '../partners/schema.ts';
import type { ProgramFile } from '../programs/program-file.ts';

/** The requirements of domain.md §4, in the order partners see them. */
export const requirementCodes = [
  'location_active',
  'open_to_all',
  'partner_type',
  'partner_network_agreement',
  'cloud_distributor_agreement',
  'reseller_agreement',
  'competencies',
  'trailing_revenue',
] as const;
export type RequirementCode = (typeof requirementCodes)[number];

/** One requirement as evaluated: met or not, with what the program asks and what was found. */
export interface Requirement {
  code: RequirementCode;
  met: boolean;
  /** What the program asks, e.g. `["direct_seller"]`, `2`, `"50000.00"`; absent where implied. */
  expected?: string | number | string[];
  /** What was found, e.g. `"indirect_reseller"`, `1`, `"12000.5"`. */
  actual?: string | number | null;
  /** For the competency requirement: the minimum level counted. */
  level?: string;
}

export interface EligibilityInputs {
  partnerType: PartnerType;
  archived: boolean;
  /** Types of the agreements active on the date, of the organization or of this location. */
  activeAgreements: ReadonlySet<string>;
  /** Levels of the organization's competencies valid on the date. */
  competencyLevels: readonly string[];
  /** Billed USD of the 12 months before the month of the date (decimal string). */
  trailingRevenueUsd: string;
}

const levelRank: Record<string, number> = { silver: 1, gold: 2 };

/**
 * The eligibility rule: every requirement must hold on the evaluation date. A program open to all
 * asks only that the location is not archived. Pure, so it is tested without a database.
 */
export function evaluateRule(rule: ProgramFile['eligibility'], inputs: EligibilityInputs): { eligible: boolean; requirements: Requirement[] } {
  const requirements: Requirement[] = [{ code: 'location_active', met: !inputs.archived }];
  if (rule.open_to_all) {
    requirements.push({ code: 'open_to_all', met: true });
  } else {
    requirements.push({ code: 'partner_type', met: rule.partner_types.includes(inputs.partnerType), expected: [...rule.partner_types], actual: inputs.partnerType });
    requirements.push({ code: 'partner_network_agreement', met: inputs.activeAgreements.has('partner_network') });
    if (inputs.partnerType === 'indirect_provider') {
      requirements.push({ code: 'cloud_distributor_agreement', met: inputs.activeAgreements.has('cloud_distributor') });
    }
    if (inputs.partnerType === 'direct_seller') {
      requirements.push({ code: 'reseller_agreement', met: inputs.activeAgreements.has('reseller') });
    }
    if (rule.min_competencies > 0) {
      const minimum = levelRank[rule.min_competency_level ?? 'silver']!;
      const held = inputs.competencyLevels.filter((level) => (levelRank[level] ?? 0) >= minimum).length;
      requirements.push({
        code: 'competencies',
        met: held >= rule.min_competencies,
        expected: rule.min_competencies,
        actual: held,
        ...(rule.min_competency_level ? { level: rule.min_competency_level } : {}),
      });
    }
    if (new Decimal(rule.min_trailing_revenue_usd).gt(0)) {
      requirements.push({
        code: 'trailing_revenue',
        met: new Decimal(inputs.trailingRevenueUsd).gte(rule.min_trailing_revenue_usd),
        expected: rule.min_trailing_revenue_usd,
        actual: inputs.trailingRevenueUsd,
      });
    }
  }
  return { eligible: requirements.every((r) => r.met), requirements };
}

/** The first month of the trailing window and the first month after it, for a date `YYYY-MM-DD`. */
export function trailingWindow(date: string): { from: string; until: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const until = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
  const from = `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
  return { from, until };
}

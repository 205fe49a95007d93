import { Group, List, Text, ThemeIcon } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale, type Locale } from '../../../../src/i18n/locales.ts';
import { reasonOf, type Requirement } from './model.ts';

/** A value the rule asked for or found, as the reader writes it (money in USD, partner types named). */
function valueOf(t: TFunction, locale: Locale, code: string, value: Requirement['expected'] | Requirement['actual']): string {
  if (value === undefined || value === null) return '';
  if (code === 'trailing_revenue') return formatMoney(String(value), 'USD', locale);
  if (code === 'partner_type') return [value].flat().map((type) => t(`enrollments:partnerType.${type}`)).join(', ');
  return String(value);
}

/** The requirement in words, with the amount or count the program asks for. */
export function requirementLabel(t: TFunction, locale: Locale, code: string, requirement?: Requirement): string {
  if (code === 'competencies' && requirement?.level) {
    return t('enrollments:requirement.competenciesLevel', { expected: requirement.expected, level: t(`enrollments:level.${requirement.level}`) });
  }
  const expected = requirement ? valueOf(t, locale, code, requirement.expected) : '…';
  return t(`enrollments:requirement.${code}`, { expected, defaultValue: code });
}

function Mark({ met }: { met: boolean }) {
  return (
    <ThemeIcon color={met ? 'green.9' : 'red.9'} radius="xl" size="md" aria-hidden>
      <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
        {met ? <path d="M3.5 8.5l3 3 6-7" /> : <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" />}
      </svg>
    </ThemeIcon>
  );
}

/** Each eligibility requirement: met or not met in words beside a mark, what was asked and what was found. */
export function RequirementList({ requirements }: { requirements: Requirement[] }) {
  const { t, i18n } = useTranslation(['enrollments']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  return (
    <List spacing="sm" listStyleType="none" data-testid="requirements" styles={{ itemWrapper: { width: '100%' }, itemLabel: { width: '100%' } }}>
      {requirements.map((r) => (
        <List.Item key={r.code} data-requirement={r.code} data-met={r.met}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Mark met={r.met} />
            <div>
              <Text>
                <Text span fw={700} c={r.met ? 'var(--mantine-color-green-light-color)' : 'var(--mantine-color-red-light-color)'}>
                  {r.met ? t('enrollments:met') : t('enrollments:notMet')}
                </Text>
                {' · '}
                {requirementLabel(t, locale, r.code, r)}
              </Text>
              {r.code === 'partner_type' && Array.isArray(r.expected) ? (
                <Text size="sm">{t('enrollments:operator.requirements.accepted', { list: valueOf(t, locale, r.code, r.expected) })}</Text>
              ) : null}
              {r.actual !== undefined && r.actual !== null && ['partner_type', 'competencies', 'trailing_revenue'].includes(r.code) ? (
                <Text size="sm">{t(`enrollments:found.${r.code}`, { actual: valueOf(t, locale, r.code, r.actual) })}</Text>
              ) : null}
            </div>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/**
 * The requirements a lost eligibility failed on, named in the reader's language. The amounts come
 * from the latest evaluation when it still lists the requirement.
 */
export function FailedRequirements({ codes, requirements }: { codes: string[]; requirements: Requirement[] }) {
  const { t, i18n } = useTranslation(['enrollments']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const list = codes.map((code) => requirementLabel(t, locale, code, requirements.find((r) => r.code === code))).join('; ');
  return <>{t('enrollments:reasonRequirements', { list })}</>;
}

/** A stored reason as the reader should see it: failed requirements named, the system's own steps as a dash. */
export function StatusReason({ event, reason, requirements }: { event: string | null; reason: string; requirements: Requirement[] }) {
  const meaning = reasonOf(event, reason);
  if (!meaning) return <>—</>;
  if ('failed' in meaning) return <FailedRequirements codes={meaning.failed} requirements={requirements} />;
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{meaning.text}</span>;
}

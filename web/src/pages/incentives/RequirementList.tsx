import { Group, List, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import type { Requirement } from './model.ts';

/** Each eligibility requirement with met / not met in words and a mark, and what was found. */
export function RequirementList({ requirements }: { requirements: Requirement[] }) {
  const { t, i18n } = useTranslation('enrollments');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const value = (r: Requirement, v: Requirement['expected'] | Requirement['actual']) => {
    if (v === undefined || v === null) return '';
    if (r.code === 'trailing_revenue') return formatMoney(String(v), 'USD', locale);
    if (r.code === 'partner_type') return [v].flat().map((p) => t(`partnerType.${p}`)).join(', ');
    return String(v);
  };
  return (
    <List spacing="sm" listStyleType="none" data-testid="requirements">
      {requirements.map((r) => {
        const label =
          r.code === 'competencies' && r.level
            ? t('requirement.competenciesLevel', { expected: r.expected, level: t(`level.${r.level}`) })
            : t(`requirement.${r.code}`, { expected: value(r, r.expected) });
        return (
          <List.Item key={r.code} data-requirement={r.code} data-met={r.met}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon color={r.met ? 'green.9' : 'red.9'} radius="xl" size="sm" aria-hidden mt={2}>
                <span>{r.met ? '✓' : '✕'}</span>
              </ThemeIcon>
              <div>
                <Text>
                  <Text span fw={700}>
                    {r.met ? t('met') : t('notMet')}
                  </Text>
                  {' · '}
                  {label}
                </Text>
                {!r.met && r.actual !== undefined && r.actual !== null ? (
                  <Text size="sm">{t(`found.${r.code}`, { actual: value(r, r.actual) })}</Text>
                ) : null}
              </div>
            </Group>
          </List.Item>
        );
      })}
    </List>
  );
}

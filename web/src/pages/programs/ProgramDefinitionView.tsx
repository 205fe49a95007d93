import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatMonth, formatRate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale, locales } from '../../../../src/i18n/locales.ts';
import { FactsTable } from '../../components/FactsTable.tsx';
import { Section } from '../../components/Section.tsx';
import type { ProgramDefinition } from './model.ts';

/** A program definition as read: names and fiscal year, eligibility and payout, levers and rates. */
export function ProgramDefinitionView({ definition: d }: { definition: ProgramDefinition }) {
  const { t, i18n } = useTranslation(['programs', 'partners', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const e = d.eligibility;
  return (
    <>
      <Section title={t('programs:sections.general')}>
        <FactsTable
          labelWidth="40%"
          rows={[
            ...locales.map((l): [string, string, string] => [t('programs:form.nameIn', { language: t(`common:language.${l}`) }), d.name[l], l]),
            [t('programs:columns.status'), t(`programs:status.${d.status}`)],
            [t('programs:columns.fiscalYear'), `${formatDate(d.fiscal_year.start, locale)} – ${formatDate(d.fiscal_year.end, locale)}`],
          ]}
        />
      </Section>
      <Section title={t('programs:sections.eligibility')}>
        <FactsTable
          labelWidth="40%"
          rows={[
            [t('programs:eligibility.partnerTypes'), e.partner_types.map((p) => t(`partners:partnerType.${p}`)).join(', ')],
            [t('programs:eligibility.minCompetencies'), String(e.min_competencies)],
            [t('programs:eligibility.minLevel'), e.min_competency_level ? t(`partners:level.${e.min_competency_level}`) : t('programs:eligibility.any')],
            [t('programs:eligibility.minRevenue'), formatMoney(e.min_trailing_revenue_usd, 'USD', locale)],
            [t('programs:eligibility.openToAll'), e.open_to_all ? t('programs:eligibility.yes') : t('programs:eligibility.no')],
            [t('programs:eligibility.threshold'), formatMoney(d.threshold_usd, 'USD', locale)],
            [t('programs:eligibility.delay'), t('programs:eligibility.delayValue', { count: d.payment_delay_months })],
          ]}
        />
      </Section>
      <Section title={t('programs:sections.rates')}>
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder data-testid="rates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('programs:columns.lever')}</Table.Th>
                <Table.Th scope="col">{t('programs:columns.earningType')}</Table.Th>
                <Table.Th scope="col">{t('programs:columns.category')}</Table.Th>
                <Table.Th scope="col">{t('programs:columns.rate')}</Table.Th>
                <Table.Th scope="col">{t('programs:columns.from')}</Table.Th>
                <Table.Th scope="col">{t('programs:columns.to')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.levers.flatMap((lever) =>
                lever.rates.map((r) => (
                  <Table.Tr key={`${lever.code}-${r.product_category}-${r.from}`}>
                    <Table.Td>{lever.code}</Table.Td>
                    <Table.Td>{lever.earning_type}</Table.Td>
                    <Table.Td>{r.product_category}</Table.Td>
                    <Table.Td>{formatRate(r.rate, locale)}</Table.Td>
                    <Table.Td>{formatMonth(r.from, locale)}</Table.Td>
                    <Table.Td>{r.to ? formatMonth(r.to, locale) : t('programs:noEnd')}</Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
    </>
  );
}

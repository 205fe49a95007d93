import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, formatMoney, formatMonth, formatRate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn, type ProgramDetail } from './model.ts';

export function ProgramPage() {
  return (
    <RequirePermission permission="programs.read">
      <ProgramDetailView />
    </RequirePermission>
  );
}


function ProgramDetailView() {
  const { t, i18n } = useTranslation(['programs', 'partners']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { code = '' } = useParams();
  const [program, setProgram] = useState<ProgramDetail | null>(null);
  const [missing, setMissing] = useState(false);
  usePageTitle(program ? nameIn(program.definition.name, locale) : t('programs:title'));
  useEffect(() => {
    api<ProgramDetail>(`/api/v1/programs/${encodeURIComponent(code)}`).then(setProgram, (error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    });
  }, [code]);

  const back = (
    <Anchor component={Link} to="/programs" size="sm">
      {t('programs:back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('programs:notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!program) return null;
  const d = program.definition;
  const e = d.eligibility;
  const facts: [string, string][] = [
    [t('programs:eligibility.partnerTypes'), e.partner_types.map((p) => t(`partners:partnerType.${p}`)).join(', ')],
    [t('programs:eligibility.minCompetencies'), String(e.min_competencies)],
    [t('programs:eligibility.minLevel'), e.min_competency_level ? t(`partners:level.${e.min_competency_level}`) : t('programs:eligibility.any')],
    [t('programs:eligibility.minRevenue'), formatMoney(e.min_trailing_revenue_usd, 'USD', locale)],
    [t('programs:eligibility.openToAll'), e.open_to_all ? t('programs:eligibility.yes') : t('programs:eligibility.no')],
    [t('programs:eligibility.threshold'), formatMoney(d.threshold_usd, 'USD', locale)],
    [t('programs:eligibility.delay'), t('programs:eligibility.delayValue', { count: d.payment_delay_months })],
  ];
  return (
    <Stack gap="lg">
      {back}
      <div>
        <Title order={1}>{nameIn(d.name, locale)}</Title>
        <Text mt="xs">
          {program.code} · {t(`programs:status.${program.status}`)} · {formatDate(d.fiscal_year.start, locale)} – {formatDate(d.fiscal_year.end, locale)}
        </Text>
      </div>
      <Section title={t('programs:sections.eligibility')}>
        <Table variant="vertical" withTableBorder layout="fixed">
          <Table.Tbody>
            {facts.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w="40%" scope="row">
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
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
      <Section title={t('programs:sections.versions')}>
        <Table withTableBorder data-testid="versions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('programs:columns.version')}</Table.Th>
              <Table.Th scope="col">{t('programs:columns.status')}</Table.Th>
              <Table.Th scope="col">{t('programs:columns.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('programs:columns.createdBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {program.versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>{v.version}</Table.Td>
                <Table.Td>{t(`programs:status.${v.status}`)}</Table.Td>
                <Table.Td>{formatDateTime(v.createdAt, locale)}</Table.Td>
                <Table.Td>{v.createdBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  );
}

import { Anchor, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatDateTime, formatDecimal, formatMoney, formatMonth, formatRate } from '../../../../src/i18n/format.ts';
import { ApiError } from '../../api.ts';
import { FactsTable, type Fact } from '../../components/FactsTable.tsx';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { LoadState } from './EarningsPage.tsx';
import { EarningStatusBadge } from './EarningsTable.tsx';
import { ExactMoney, useLocale } from './Money.tsx';
import type { EarningDetail } from './model.ts';
import { useLoad } from '../../useLoad.ts';
import { ScrollTable } from './ScrollTable.tsx';

/** A partner's earning: `/earnings/:id`. */
export function EarningPage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="incentives.read">
      <EarningView api={`/api/v1/earnings/${encodeURIComponent(id)}`} list="/earnings" />
    </RequirePermission>
  );
}

/** An earning of one partner as operators read it: `/partners/:partnerId/earnings/:id`. */
export function PartnerEarningPage() {
  const { partnerId = '', id = '' } = useParams();
  const partner = encodeURIComponent(partnerId);
  return (
    <RequirePermission permission="partners.read">
      <EarningView api={`/api/v1/partners/${partner}/earnings/${encodeURIComponent(id)}`} list={`/partners/${partner}/earnings`} />
    </RequirePermission>
  );
}

const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

function EarningView({ api, list }: { api: string; list: string }) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const { state } = useLocation() as { state: { list?: string } | null };
  const earning = useLoad<EarningDetail>(api);
  const e = earning.data;
  usePageTitle(e ? t('detail.title', { program: e.program.name, lever: e.leverCode }) : t('detail.pageTitle'));

  // Back to the list as it was left (filters, sort and page), else to the list.
  const back = (
    <Anchor component={Link} to={state?.list?.startsWith(list) ? state.list : list} size="sm">
      {t('detail.back')}
    </Anchor>
  );
  if (earning.error instanceof ApiError && (earning.error.status === 404 || earning.error.status === 400)) {
    return (
      <Stack>
        {back}
        <Title order={1}>{t('detail.notFound')}</Title>
        <Text>{t('detail.notFoundBody')}</Text>
      </Stack>
    );
  }
  if (!e) {
    return (
      <Stack>
        {back}
        <LoadState error={earning.error} onRetry={earning.reload} />
      </Stack>
    );
  }

  const money = (amount: string, currency: string) => <ExactMoney amount={amount} currency={currency} />;
  const manual = e.kind === 'adjustment' && e.lineId === null;
  const facts: Fact[] = [
    [t('detail.earning'), money(e.earning, e.currency)],
    [t('detail.status'), <EarningStatusBadge key="status" status={e.status} />],
    [t('detail.kind'), e.reason ? `${t(`kind.${e.kind}`)} — ${t(`reason.${e.reason}`, { defaultValue: e.reason })}` : t(`kind.${e.kind}`)],
    [t('detail.billedMonth'), formatMonth(e.billedMonth, locale)],
    [t('detail.location'), `${e.location.name} (${e.location.locationId})`],
    [t('detail.program'), t('detail.programVersion', { name: e.programVersion.name, code: e.program.code, version: e.programVersion.version })],
    [t('detail.lever'), e.leverCode],
    [t('detail.earningType'), t(`earningType.${e.earningType}`, { defaultValue: e.earningType })],
    [t('detail.rate'), e.rate !== null ? `${formatRate(e.rate, locale)} (${formatDecimal(e.rate, locale)})` : '—'],
    [t('detail.amount'), e.amount !== null ? money(e.amount, e.currency) : '—'],
    [t('detail.paymentDelay'), t('detail.paymentDelayMonths', { count: e.programVersion.paymentDelayMonths })],
    [t('detail.recorded'), formatDateTime(e.createdAt, locale)],
  ];
  if (e.calculation) facts.push([t('detail.calculation'), e.calculation.at ? formatDateTime(e.calculation.at, locale) : e.calculation.id]);
  if (e.paymentId) facts.push([t('detail.payment'), <Text key="payment" ff="monospace" size="sm">{e.paymentId}</Text>]);

  const line = e.line;
  const lineFacts: Fact[] = line
    ? [
        [t('line.lineId'), <Text key="line" ff="monospace" size="sm">{line.lineId}</Text>],
        [
          t('line.version'),
          line.currentVersion !== null && line.currentVersion !== line.version
            ? t('line.versionOfNotCurrent', { version: line.version, versions: line.versions, current: line.currentVersion })
            : t('line.versionOf', { version: line.version, versions: line.versions }),
        ],
        [t('line.customer'), line.customerName || line.customerId ? [line.customerName, line.customerId].filter(Boolean).join(' · ') : '—'],
        [t('line.sku'), line.productSku ?? '—'],
        [t('line.category'), line.productCategory],
        [t('line.billedMonth'), formatMonth(line.billedMonth, locale)],
        [t('line.location'), line.locationId],
        [t('line.currency'), line.currency],
        [t('line.amount'), money(line.amount, line.currency)],
        [t('line.quantity'), line.quantity !== null ? formatDecimal(line.quantity, locale) : '—'],
        [t('line.imported'), formatDateTime(line.importedAt, locale)],
      ]
    : [];

  return (
    <Stack gap="lg" maw={1100}>
      {back}
      <div>
        <Group gap="sm" align="center">
          <Title order={1} style={keepWords}>
            {t('detail.title', { program: e.program.name, lever: e.leverCode })}
          </Title>
          {e.kind === 'adjustment' ? (
            <Badge variant="light" color="yellow" tt="none" size="lg">
              {t('kind.adjustment')}
            </Badge>
          ) : null}
        </Group>
        <Text mt="xs">{t('detail.subtitle', { month: formatMonth(e.billedMonth, locale), location: e.location.name, amount: formatMoney(e.earning, e.currency, locale) })}</Text>
      </div>
      {e.kind === 'adjustment' ? (
        <Section id="adjustment" title={t('detail.sections.adjustment')} intro={manual ? t('adjustment.manualIntro') : t('adjustment.recalculationIntro')}>
          <FactsTable
            testId="adjustment-facts"
            labelWidth="35%"
            rows={[
              [t('adjustment.reason'), t(`reason.${e.reason}`, { defaultValue: e.reason ?? '—' })],
              [t('adjustment.comment'), e.comment ?? '—'],
              ...(manual ? ([[t('adjustment.recordedBy'), e.recordedBy ? `${e.recordedBy.name ?? ''} <${e.recordedBy.email}>`.trim() : t('adjustment.vendor')]] as Fact[]) : []),
            ]}
          />
        </Section>
      ) : null}
      {/* What an adjustment corrects comes before the facts; a calculated earning's history after them. */}
      {e.kind === 'adjustment' && !manual ? <History earning={e} /> : null}
      <SimpleGrid cols={{ base: 1, lg: line ? 2 : 1 }} spacing="lg">
        <Section id="earning" title={t('detail.sections.earning')}>
          <FactsTable rows={facts} labelWidth="40%" testId="earning-facts" />
        </Section>
        {line ? (
          <Section id="line" title={t('detail.sections.line')}>
            <FactsTable rows={lineFacts} labelWidth="40%" testId="line-facts" breakWords />
          </Section>
        ) : null}
      </SimpleGrid>
      {e.kind === 'calculated' ? <History earning={e} /> : null}
    </Stack>
  );
}

/** Every earning of the same line, program and lever, oldest first, with the running sum per currency. */
function History({ earning }: { earning: EarningDetail }) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  return (
    <Section id="history" title={t('detail.sections.history')} intro={t('history.intro')}>
      <ScrollTable minWidth={980} label={t('history.table')}>
        <Table withTableBorder data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              {(['recorded', 'kind', 'lineVersion', 'billedMonth', 'location', 'earning', 'runningSum'] as const).map((c) => (
                <Table.Th key={c} scope="col" ta={c === 'earning' || c === 'runningSum' ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
                  {t(`history.${c}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {earning.history.map((h) => {
              const self = h.id === earning.id;
              return (
                <Table.Tr key={h.id} aria-current={self ? 'true' : undefined} data-earning={h.id} bg={self ? 'accrue.0' : undefined}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.createdAt, locale)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{t(`kind.${h.kind}`)}</Text>
                    {h.reason ? (
                      <Text size="xs" c="dimmed">
                        {t(`reason.${h.reason}`, { defaultValue: h.reason })}
                      </Text>
                    ) : null}
                    {self ? (
                      <Text size="xs" fw={700}>
                        {t('history.this')}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{h.lineVersion ?? '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMonth(h.billedMonth, locale)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{h.locationId}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <ExactMoney amount={h.earning} currency={h.currency} stacked />
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <ExactMoney amount={h.runningSum} currency={h.currency} stacked />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Section>
  );
}

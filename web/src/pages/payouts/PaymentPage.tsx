import { Anchor, Button, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatMonth, formatRate } from '../../../../src/i18n/format.ts';
import { ApiError } from '../../api.ts';
import { FactsTable, type Fact } from '../../components/FactsTable.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { LoadState } from '../earnings/EarningsPage.tsx';
import { ExactMoney, useLocale } from '../earnings/Money.tsx';
import { ScrollTable } from '../earnings/ScrollTable.tsx';
import { PaymentStatusBadge } from './Badges.tsx';
import { DisputeSection } from './DisputeSection.tsx';
import type { PaymentDetail, PaymentEarnings } from './model.ts';

const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;
const earningsPageSize = 25;

/** One of the partner's payments: `/payments/:id`. */
export function PaymentPage() {
  return (
    <RequirePermission permission="incentives.read">
      <PaymentView />
    </RequirePermission>
  );
}

function PaymentView() {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  const { id = '' } = useParams();
  const { state } = useLocation() as { state: { list?: string } | null };
  const base = `/api/v1/payments/${encodeURIComponent(id)}`;
  const payment = useLoad<PaymentDetail>(base);
  const p = payment.data;
  usePageTitle(p ? t('detail.title', { month: formatMonth(p.cycle, locale) }) : t('detail.pageTitle'));

  const back = (
    <Anchor component={Link} to={state?.list?.startsWith('/payments') ? state.list : '/payments'} size="sm">
      {t('detail.back')}
    </Anchor>
  );
  if (payment.error instanceof ApiError && (payment.error.status === 404 || payment.error.status === 400)) {
    return (
      <Stack>
        {back}
        <Title order={1}>{t('detail.notFound')}</Title>
        <Text>{t('detail.notFoundBody')}</Text>
      </Stack>
    );
  }
  if (!p) {
    return (
      <Stack>
        {back}
        <LoadState error={payment.error} onRetry={payment.reload} />
      </Stack>
    );
  }

  const money = (amount: string) => formatMoney(amount, p.payoutCurrency, locale);
  const facts: Fact[] = [
    [t('detail.gross'), money(p.gross)],
    [t('detail.withholding', { rate: formatRate(p.withholdingRate, locale) }), money(p.withholding)],
    [t('detail.net'), <Text key="net" fw={700} span>{money(p.net)}</Text>],
    [t('detail.usd'), formatMoney(p.usd, 'USD', locale)],
    [t('detail.payoutCurrency'), p.payoutCurrency],
    [t('detail.fxMonth'), formatMonth(p.fxMonth, locale)],
    [t('detail.account'), p.paymentProfile ? t('detail.accountValue', { name: p.paymentProfile.name, last4: p.paymentProfile.accountLast4 }) : t('detail.noAccount')],
  ];
  if (p.sentOn) facts.push([t('detail.sentOn'), formatDate(p.sentOn, locale)]);
  if (p.returnedOn) facts.push([t('detail.returnedOn'), formatDate(p.returnedOn, locale)]);
  if (p.statusReason) facts.push([t('detail.statusReason'), p.statusReason]);

  return (
    <Stack gap="lg" maw={1100}>
      {back}
      <div>
        <Group gap="sm" align="center">
          <Title order={1}>{t('detail.title', { month: formatMonth(p.cycle, locale) })}</Title>
          <PaymentStatusBadge status={p.status} />
        </Group>
        <Text mt="xs" style={keepWords}>
          {t('detail.subtitle', { location: p.location.name, locationId: p.location.locationId, program: p.program.name })}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Section id="amounts" title={t('detail.amounts')}>
          <FactsTable rows={facts} labelWidth="45%" testId="payment-facts" />
        </Section>
        <Stack gap="lg">
          <Section id="timeline" title={t('detail.timeline')}>
            <ol data-testid="payment-timeline" style={{ margin: 0, paddingInlineStart: '1.25rem' }}>
              {p.timeline.map((e, i) => (
                <li key={`${e.status}-${i}`} data-status={e.status} style={{ marginBottom: 8 }}>
                  <Text size="sm" fw={600}>
                    {t(`timeline.${e.status}`)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(e.at, locale)}
                  </Text>
                  {e.note ? <Text size="sm">{e.note}</Text> : null}
                </li>
              ))}
            </ol>
          </Section>
          <Section id="statement" title={t('detail.statement')} intro={t('detail.statementIntro')}>
            <Group gap="sm">
              <Button component="a" href={`${base}/statement.pdf`} download variant="default">
                {t('detail.statementPdf')}
              </Button>
              <Button component="a" href={`${base}/statement.csv`} download variant="default">
                {t('detail.statementCsv')}
              </Button>
            </Group>
          </Section>
        </Stack>
      </SimpleGrid>
      <Section id="conversions" title={t('detail.conversions')} intro={t('detail.conversionsIntro', { month: formatMonth(p.fxMonth, locale) })}>
        <ScrollTable minWidth={640} label={t('detail.conversionsTable')}>
          <Table withTableBorder data-testid="conversions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('detail.currency')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('detail.sum')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('detail.unitsPerUsd')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('detail.payoutUnitsPerUsd', { currency: p.payoutCurrency })}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('detail.converted', { currency: p.payoutCurrency })}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.conversions.map((c) => (
                <Table.Tr key={c.currency} data-currency={c.currency}>
                  <Table.Th scope="row">{c.currency}</Table.Th>
                  <Table.Td ta="right">
                    <ExactMoney amount={c.sum} currency={c.currency} stacked />
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatDecimal(c.unitsPerUsd, locale)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatDecimal(c.payoutUnitsPerUsd, locale)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <ExactMoney amount={c.converted} currency={p.payoutCurrency} stacked />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Section>
      <DisputeSection payment={p} onChanged={payment.reload} />
      <PaymentEarningsSection base={base} count={p.earnings} />
    </Stack>
  );
}

function PaymentEarningsSection({ base, count }: { base: string; count: number }) {
  const { t } = useTranslation(['payouts', 'earnings']);
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const earnings = useLoad<PaymentEarnings>(`${base}/earnings?offset=${(page - 1) * earningsPageSize}&limit=${earningsPageSize}`);
  return (
    <Section id="payment-earnings" title={t('detail.earnings')} intro={t('detail.earningsIntro', { count })}>
      {earnings.data ? (
        <>
          <ScrollTable minWidth={760} label={t('detail.earningsCaption')}>
            <Table striped data-testid="payment-earnings" aria-busy={earnings.loading}>
              <Table.Thead>
                <Table.Tr>
                  {(['billedMonth', 'line', 'lever', 'kind', 'earning'] as const).map((c) => (
                    <Table.Th key={c} scope="col" ta={c === 'earning' ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
                      {t(`detail.${c}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {earnings.data.earnings.map((e) => (
                  <Table.Tr key={e.id} data-earning={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMonth(e.billedMonth, locale)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/earnings/${e.id}`} size="sm" ff="monospace">
                        {e.lineId ?? t('detail.manual')}
                      </Anchor>
                      {e.customerName || e.customerId ? (
                        <Text size="xs" c="dimmed" style={keepWords}>
                          {e.customerName ?? e.customerId}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{e.leverCode}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`earnings:kind.${e.kind}`)}</Text>
                      {e.reason ? (
                        <Text size="xs" c="dimmed">
                          {t(`earnings:reason.${e.reason}`, { defaultValue: e.reason })}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      <ExactMoney amount={e.earning} currency={e.currency} stacked />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <ListPagination total={earnings.data.total} pageSize={earningsPageSize} page={page} onChange={setPage} />
        </>
      ) : (
        <LoadState error={earnings.error} onRetry={earnings.reload} />
      )}
    </Section>
  );
}

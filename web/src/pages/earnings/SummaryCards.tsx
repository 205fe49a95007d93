import { Card, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import { MoneyLines, useLocale } from './Money.tsx';
import type { EarningsSummary, Money } from './model.ts';

/** This month, this fiscal year, not yet paid and paid: each an exact sum per currency. */
export function SummaryCards({ summary, filtered }: { summary: EarningsSummary; filtered: boolean }) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const years = summary.fiscalYear.programs;
  const oneYear = years.length > 0 && years.every((p) => p.from === years[0]!.from && p.to === years[0]!.to);
  const range = (from: string, to: string) => t('monthRange', { from: formatMonth(from, locale), to: formatMonth(to, locale) });

  return (
    <section aria-labelledby="earnings-summary-title" data-testid="earnings-summary">
      <VisuallyHidden>
        <Title order={2} id="earnings-summary-title">
          {t('summary.title')}
        </Title>
      </VisuallyHidden>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
        <SummaryCard id="this-month" title={t('summary.thisMonth')} amounts={summary.thisMonth}>
          <Text size="sm" c="dimmed">
            {t('summary.billedIn', { month: formatMonth(summary.month, locale) })}
          </Text>
        </SummaryCard>
        <SummaryCard id="fiscal-year" title={t('summary.fiscalYear')} amounts={summary.fiscalYear.totals}>
          {oneYear ? (
            <Text size="sm" c="dimmed">
              {range(years[0]!.from, years[0]!.to)}
            </Text>
          ) : (
            <Stack gap={2}>
              {years.map((p) => (
                <Text key={p.code} size="sm" c="dimmed">
                  {t('summary.programYear', { program: p.name, range: range(p.from, p.to) })}
                </Text>
              ))}
            </Stack>
          )}
        </SummaryCard>
        <SummaryCard id="not-yet-paid" title={t('summary.notYetPaid')} amounts={summary.notYetPaid}>
          <dl className="facts" style={{ fontSize: 'var(--mantine-font-size-sm)', color: 'var(--mantine-color-dimmed)' }} data-testid="not-yet-paid-by-status">
            {(['pending', 'payable', 'in_payment'] as const).map((status) => (
              <div key={status}>
                <dt style={{ fontWeight: 400 }}>{t(`status.${status}`)}</dt>
                <dd style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {summary.byStatus[status].length
                    ? summary.byStatus[status].map((m) => <div key={m.currency}>{formatMoney(m.amount, m.currency, locale)}</div>)
                    : '—'}
                </dd>
              </div>
            ))}
          </dl>
        </SummaryCard>
        <SummaryCard id="paid" title={t('summary.paid')} amounts={summary.paid}>
          <Text size="sm" c="dimmed">
            {t('summary.paidNote')}
          </Text>
        </SummaryCard>
      </SimpleGrid>
      {filtered ? (
        <Text size="sm" c="dimmed" mt="xs">
          {t('summary.filtered')}
        </Text>
      ) : null}
    </section>
  );
}

function SummaryCard({ id, title, amounts, children }: { id: string; title: string; amounts: Money[]; children: React.ReactNode }) {
  const { t } = useTranslation('earnings');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`card-${id}`} data-testid={`card-${id}`}>
      <Stack gap="xs">
        <Title order={3} size="h5" id={`card-${id}`}>
          {title}
        </Title>
        <MoneyLines amounts={amounts} size="xl" fw={700} empty={t('summary.none')} />
        {children}
      </Stack>
    </Card>
  );
}

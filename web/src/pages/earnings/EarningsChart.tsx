import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Paper, SegmentedControl, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import Decimal from 'decimal.js';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import type { Locale } from '../../../../src/i18n/locales.ts';
import { Section } from '../../components/Section.tsx';
import { useLocale } from './Money.tsx';
import type { EarningsSummary } from './model.ts';

// Distinct hues at shade 7 or darker: each keeps 3:1 contrast against white (WCAG 1.4.11).
const palette = ['accrue.7', 'teal.8', 'orange.8', 'grape.7', 'cyan.9', 'red.8', 'indigo.7', 'lime.9', 'pink.8', 'gray.7'];

interface ChartModel {
  series: { name: string; label: string; color: string }[];
  /** One row per month: the bar heights (numbers, for drawing only) under each series' name. */
  rows: Record<string, string | number>[];
  /** The exact amounts per month and series, for the tooltip and the table. */
  exact: Map<string, Map<string, string>>;
  totals: Map<string, string>;
}

/** The chart of one currency: a stacked bar per billed month, one part per program and lever. */
function chartModel(summary: EarningsSummary, currency: string, locale: Locale): ChartModel {
  const names = new Map(summary.chart.programs.map((p) => [p.code, p.name]));
  const points = summary.chart.series.filter((s) => s.currency === currency);
  const keys = [...new Set(points.map((p) => `${p.program}\u0000${p.lever}`))].sort();
  const series = keys.map((key, i) => {
    const [program, lever] = key.split('\u0000') as [string, string];
    return { name: `s${i}`, label: `${names.get(program) ?? program} · ${lever}`, color: palette[i % palette.length]!, key };
  });
  const nameOf = new Map(series.map((s) => [s.key, s.name]));
  const exact = new Map<string, Map<string, string>>(summary.chart.months.map((m) => [m, new Map()]));
  for (const point of points) exact.get(point.month)?.set(nameOf.get(`${point.program}\u0000${point.lever}`)!, point.amount);
  const totals = new Map(
    summary.chart.months.map((m) => [m, [...exact.get(m)!.values()].reduce((sum, a) => sum.plus(a), new Decimal(0)).toFixed()]),
  );
  const rows = summary.chart.months.map((month) => {
    const row: Record<string, string | number> = { month, label: formatMonth(month, locale) };
    for (const s of series) row[s.name] = Number(exact.get(month)!.get(s.name) ?? 0);
    return row;
  });
  return { series: series.map(({ key: _key, ...s }) => s), rows, exact, totals };
}

export function EarningsChart({ summary }: { summary: EarningsSummary }) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const currencies = useMemo(() => [...new Set(summary.chart.series.map((s) => s.currency))].sort(), [summary]);
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen && currencies.includes(chosen) ? chosen : (currencies[0] ?? null);
  const model = useMemo(() => (currency ? chartModel(summary, currency, locale) : null), [summary, currency, locale]);
  const from = formatMonth(summary.chart.from, locale);
  const to = formatMonth(summary.chart.to, locale);
  const money = (amount: string) => formatMoney(amount, currency!, locale);
  const axis = useMemo(
    () => (currency ? new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }) : null),
    [currency, locale],
  );

  return (
    <Section id="chart" title={t('chart.title')}>
      {currencies.length > 1 ? (
        <div>
          <Text component="span" id="chart-currency-label" size="sm" fw={500} mr="sm">
            {t('chart.currency')}
          </Text>
          <SegmentedControl
            aria-labelledby="chart-currency-label"
            data={currencies}
            value={currency!}
            onChange={setChosen}
            data-testid="chart-currency"
          />
        </div>
      ) : null}
      {model && currency ? (
        <figure style={{ margin: 0 }} aria-labelledby="chart-caption">
          <Text component="figcaption" id="chart-caption" size="sm" mb="sm">
            {t('chart.caption', { currency, from, to })}
          </Text>
          <BarChart
            h={320}
            data={model.rows}
            dataKey="label"
            type="stacked"
            series={model.series}
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 56 }}
            textColor="gray.8"
            gridAxis="y"
            valueFormatter={(value) => axis!.format(value)}
            yAxisProps={{ width: 80 }}
            // Credits go below zero rather than being stacked over the month's earnings.
            barChartProps={{ stackOffset: 'sign', title: t('chart.caption', { currency, from, to }) }}
            tooltipProps={{
              content: ({ label, payload }) => {
                const month = (payload?.[0]?.payload as { month?: string } | undefined)?.month;
                if (!month) return null;
                const amounts = model.exact.get(month)!;
                return (
                  <Paper withBorder shadow="md" p="sm" data-testid="chart-tooltip">
                    <Text fw={700} size="sm" mb={4}>
                      {label}
                    </Text>
                    {model.series
                      .filter((s) => amounts.has(s.name))
                      .map((s) => (
                        <Text key={s.name} size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {s.label}: {money(amounts.get(s.name)!)}
                        </Text>
                      ))}
                    <Text size="sm" fw={600} mt={4}>
                      {t('chart.total')}: {money(model.totals.get(month)!)}
                    </Text>
                  </Paper>
                );
              },
            }}
          />
          <VisuallyHidden>
            <Table data-testid="chart-table">
              <caption>{t('chart.tableCaption', { currency, from, to })}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('chart.month')}</Table.Th>
                  {model.series.map((s) => (
                    <Table.Th key={s.name} scope="col">
                      {s.label}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">{t('chart.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.chart.months.map((month) => (
                  <Table.Tr key={month}>
                    <Table.Th scope="row">{formatMonth(month, locale)}</Table.Th>
                    {model.series.map((s) => {
                      const amount = model.exact.get(month)!.get(s.name);
                      return <Table.Td key={s.name}>{amount ? money(amount) : '—'}</Table.Td>;
                    })}
                    <Table.Td>{money(model.totals.get(month)!)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </VisuallyHidden>
        </figure>
      ) : (
        <Text>{t('chart.empty', { from, to })}</Text>
      )}
    </Section>
  );
}

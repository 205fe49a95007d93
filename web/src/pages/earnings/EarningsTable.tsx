import { Anchor, Badge, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import { formatDay } from '../enrollments/model.ts';
import { useLocale } from './Money.tsx';
import type { EarningItem, EarningSort, EarningStatus, SortDirection } from './model.ts';
import { ScrollTable } from './ScrollTable.tsx';

// Filled badge colours, each with white text at 4.5:1 or more; the status is always written out too.
export const statusColor: Record<EarningStatus, string> = {
  pending: 'gray.7',
  payable: 'accrue.7',
  in_payment: '#a85400',
  paid: 'teal.9',
};

export function EarningStatusBadge({ status }: { status: EarningStatus }) {
  const { t } = useTranslation('earnings');
  return (
    <Badge variant="filled" color={statusColor[status]} tt="none" miw="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}

/** The columns in order; those with a sort key sort the list by their header. */
const columns: { key: string; sort?: EarningSort; numeric?: boolean }[] = [
  { key: 'billedMonth', sort: 'billed_month' },
  { key: 'location', sort: 'location' },
  { key: 'program', sort: 'program' },
  { key: 'customer', sort: 'customer' },
  { key: 'kind' },
  { key: 'status' },
  { key: 'earning', sort: 'earning', numeric: true },
  { key: 'recorded', sort: 'created_at' },
];

/** Which way a column sorts first: amounts and dates newest or largest first, names A to Z. */
export const firstDirection = (sort: EarningSort): SortDirection => (['billed_month', 'earning', 'created_at'].includes(sort) ? 'desc' : 'asc');

const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

export function EarningsTable({
  earnings,
  sort,
  direction,
  onSort,
  detailPath,
  busy,
}: {
  earnings: EarningItem[];
  sort: EarningSort;
  direction: SortDirection;
  onSort(sort: EarningSort, direction: SortDirection): void;
  detailPath(id: string): string;
  busy: boolean;
}) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const { pathname, search } = useLocation();

  return (
    <ScrollTable minWidth={1040} label={t('list.caption')}>
      <Table striped highlightOnHover data-testid="earnings-table" aria-busy={busy}>
        <caption>
          <VisuallyHidden>{t('list.caption')}</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => {
              const active = column.sort === sort;
              const label = t(`columns.${column.key}`);
              return (
                <Table.Th
                  key={column.key}
                  scope="col"
                  ta={column.numeric ? 'right' : undefined}
                  aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  data-column={column.key}
                >
                  {column.sort ? (
                    <UnstyledButton
                      fw={700}
                      fz="sm"
                      style={{ display: 'inline-flex', gap: 4, alignItems: 'center', whiteSpace: 'nowrap' }}
                      onClick={() => onSort(column.sort!, active ? (direction === 'asc' ? 'desc' : 'asc') : firstDirection(column.sort!))}
                    >
                      {label}
                      <span aria-hidden style={{ opacity: active ? 1 : 0.35 }}>
                        {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                      {active ? <VisuallyHidden>{t(direction === 'asc' ? 'list.sortedAscending' : 'list.sortedDescending')}</VisuallyHidden> : null}
                    </UnstyledButton>
                  ) : (
                    label
                  )}
                </Table.Th>
              );
            })}
            <Table.Th scope="col">
              <VisuallyHidden>{t('columns.details')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {earnings.map((e) => (
            <Table.Tr key={e.id} data-earning={e.id} data-kind={e.kind} data-line={e.lineId ?? ''}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMonth(e.billedMonth, locale)}</Table.Td>
              <Table.Td>
                <Text size="sm" style={keepWords}>
                  {e.location.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {e.location.locationId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={keepWords}>
                  {e.program.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {e.program.code} · {e.leverCode}
                </Text>
              </Table.Td>
              <Table.Td>
                {e.customerName || e.customerId ? (
                  <>
                    <Text size="sm" style={keepWords}>
                      {e.customerName ?? e.customerId}
                    </Text>
                    {e.customerName && e.customerId ? (
                      <Text size="xs" c="dimmed">
                        {e.customerId}
                      </Text>
                    ) : null}
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`kind.${e.kind}`)}</Text>
                {e.reason ? (
                  <Text size="xs" c="dimmed">
                    {t(`reason.${e.reason}`, { defaultValue: e.reason })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <EarningStatusBadge status={e.status} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {formatMoney(e.earning, e.currency, locale)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(e.createdAt, locale)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={detailPath(e.id)} state={{ list: `${pathname}${search}` }} size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {t('list.open')}
                  <VisuallyHidden>
                    {` — ${formatMonth(e.billedMonth, locale)}, ${e.program.code} ${e.leverCode}, ${e.customerName ?? e.customerId ?? e.location.name}, ${formatMoney(e.earning, e.currency, locale)}`}
                  </VisuallyHidden>
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

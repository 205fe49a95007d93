import { Anchor, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatDate, formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import { useLocale } from '../earnings/Money.tsx';
import { ScrollTable } from '../earnings/ScrollTable.tsx';
import { DisputeStatusBadge, PaymentStatusBadge } from './Badges.tsx';
import type { PaymentItem } from './model.ts';

const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

/** Payments, newest run first: run month, location, program, status, net and the day it was sent. */
export function PaymentsTable({ payments, busy, detailPath }: { payments: PaymentItem[]; busy: boolean; detailPath(id: string): string }) {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  const { pathname, search } = useLocation();
  return (
    <ScrollTable minWidth={860} label={t('list.caption')}>
      <Table striped highlightOnHover data-testid="payments-table" aria-busy={busy}>
        <caption>
          <VisuallyHidden>{t('list.caption')}</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            {(['cycle', 'location', 'program', 'status', 'net', 'sentOn'] as const).map((c) => (
              <Table.Th key={c} scope="col" ta={c === 'net' ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
                {t(`columns.${c}`)}
              </Table.Th>
            ))}
            <Table.Th scope="col">
              <VisuallyHidden>{t('columns.details')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => (
            <Table.Tr key={p.id} data-payment={p.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMonth(p.cycle, locale)}</Table.Td>
              <Table.Td>
                <Text size="sm" style={keepWords}>
                  {p.location.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {p.location.locationId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={keepWords}>
                  {p.program.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.program.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <PaymentStatusBadge status={p.status} />
                  {p.dispute ? <DisputeStatusBadge status={p.dispute} /> : null}
                </Group>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {formatMoney(p.net, p.payoutCurrency, locale)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.sentOn ? formatDate(p.sentOn, locale) : '—'}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={detailPath(p.id)} state={{ list: `${pathname}${search}` }} size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {t('list.open')}
                  <VisuallyHidden>{` — ${formatMonth(p.cycle, locale)}, ${p.location.name}, ${p.program.code}, ${formatMoney(p.net, p.payoutCurrency, locale)}`}</VisuallyHidden>
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

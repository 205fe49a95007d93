import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDate, formatMoney, formatRate } from '../../../../src/i18n/format.ts';
import { api } from '../../api.ts';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { ReasonForm } from '../../components/ReasonForm.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { useLoad } from '../../useLoad.ts';
import { useLocale } from '../earnings/Money.tsx';
import { ScrollTable } from '../earnings/ScrollTable.tsx';
import { paymentStatuses, today, type PaymentRunDetail, type RunPayment, type RunSort } from './model.ts';
import { PaymentStatusBadge } from './StatusBadges.tsx';

const pageSize = 50;
const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

/** A header that sorts the list by its column (the first click sorts the natural way). */
export function SortHeader({ label, column, sort, direction, onSort, numeric }: { label: string; column: RunSort; sort: RunSort; direction: 'asc' | 'desc'; onSort(sort: RunSort, direction: 'asc' | 'desc'): void; numeric?: boolean }) {
  const { t } = useTranslation('payruns');
  const active = column === sort;
  return (
    <Table.Th scope="col" ta={numeric ? 'right' : undefined} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
      <UnstyledButton
        fw={700}
        fz="sm"
        style={{ display: 'inline-flex', gap: 4, alignItems: 'center', whiteSpace: 'nowrap' }}
        onClick={() => onSort(column, active ? (direction === 'asc' ? 'desc' : 'asc') : column === 'usd' ? 'desc' : 'asc')}
      >
        {label}
        <span aria-hidden style={{ opacity: active ? 1 : 0.35 }}>
          {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
        {active ? <VisuallyHidden>{t(direction === 'asc' ? 'table.sortedAscending' : 'table.sortedDescending')}</VisuallyHidden> : null}
      </UnstyledButton>
    </Table.Th>
  );
}

/** Sort and page of one list of the run page, kept in the address under the list's own names. */
export function useListParams(prefix: string) {
  const [params, setParams] = useSearchParams();
  const sort = (['location', 'partner', 'usd'] as const).find((s) => s === params.get(`${prefix}sort`)) ?? 'location';
  const direction = params.get(`${prefix}dir`) === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Math.floor(Number(params.get(`${prefix}page`))) || 1);
  const update = (changes: Record<string, string>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(`${prefix}${key}`, value);
          else next.delete(`${prefix}${key}`);
        }
        return next;
      },
      { replace: true },
    );
  return { params, sort, direction, page, update } as const;
}

/** The run's payments, by status, a page at a time, with what Finance may do to each. */
export function RunPaymentsTable({ run, manages, onChanged }: { run: PaymentRunDetail; manages: boolean; onChanged(message: string): void }) {
  const { t } = useTranslation('payruns');
  const locale = useLocale();
  const { params, sort, direction, page, update } = useListParams('p');
  const status = paymentStatuses.find((s) => s === params.get('pstatus')) ?? '';
  const query = new URLSearchParams({ sort, direction, limit: String(pageSize), offset: String((page - 1) * pageSize), ...(status ? { status } : {}) });
  const list = useLoad<{ payments: RunPayment[]; total: number }>(`/api/v1/payment-runs/${run.id}/payments?${query}`);
  const [rejecting, setRejecting] = useState<RunPayment | null>(null);
  const [answering, setAnswering] = useState<{ payment: RunPayment; result: 'sent' | 'returned' } | null>(null);
  const done = (message: string) => {
    list.reload();
    onChanged(message);
  };

  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('payments.filter')}
        value={status}
        onChange={(e) => update({ status: e.currentTarget.value, page: '' })}
        maw={320}
      >
        <option value="">{t('payments.anyStatus')}</option>
        {paymentStatuses.map((s) => (
          <option key={s} value={s}>
            {t(`paymentStatus.${s}`)}
          </option>
        ))}
      </NativeSelect>
      <Text size="sm" c="dimmed" aria-live="polite">
        {list.data ? t('payments.count', { count: list.data.total }) : null}
      </Text>
      <FormError error={list.error} />
      <ListStatus loading={list.loading && list.data === null} empty={list.data !== null && list.data.payments.length === 0} emptyText={t('payments.none')} />
      {list.data && list.data.payments.length > 0 ? (
        <ScrollTable minWidth={1180} label={t('payments.caption')}>
          <Table striped data-testid="run-payments" aria-busy={list.loading}>
            <caption>
              <VisuallyHidden>{t('payments.caption')}</VisuallyHidden>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <SortHeader label={t('columns.partner')} column="partner" sort={sort} direction={direction} onSort={(s, d) => update({ sort: s, dir: d, page: '' })} />
                <SortHeader label={t('columns.location')} column="location" sort={sort} direction={direction} onSort={(s, d) => update({ sort: s, dir: d, page: '' })} />
                <Table.Th scope="col">{t('columns.program')}</Table.Th>
                <Table.Th scope="col">{t('columns.account')}</Table.Th>
                <SortHeader label={t('columns.usd')} column="usd" sort={sort} direction={direction} onSort={(s, d) => update({ sort: s, dir: d, page: '' })} numeric />
                <Table.Th scope="col" ta="right">{t('columns.gross')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('columns.withholding')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('columns.net')}</Table.Th>
                <Table.Th scope="col">{t('columns.status')}</Table.Th>
                {manages ? <Table.Th scope="col">{t('columns.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.payments.map((p) => (
                <Table.Tr key={p.id} data-payment={p.id} data-location={p.location.locationId} data-status={p.status}>
                  <Table.Td>
                    <Text size="sm" style={keepWords}>{p.partner.legalName}</Text>
                    <Text size="xs" c="dimmed">{p.partner.partnerId}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={keepWords}>{p.location.name}</Text>
                    <Text size="xs" c="dimmed">{p.location.locationId}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={keepWords}>{p.program.name}</Text>
                    <Text size="xs" c="dimmed">{p.program.code}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={keepWords}>{p.account.name}</Text>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {p.account.bankCountry} {p.account.masked}
                      </Text>
                      <Badge size="xs" variant="outline" color={p.sepa ? 'accrue.7' : 'gray.8'} tt="none">
                        {t(p.sepa ? 'payments.sepa' : 'payments.csvFile')}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(p.usd, 'USD', locale)}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(p.gross, p.payoutCurrency, locale)}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {formatMoney(p.withholding, p.payoutCurrency, locale)}
                    <Text size="xs" c="dimmed">{formatRate(p.withholdingRate, locale)}</Text>
                  </Table.Td>
                  <Table.Td ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid="net">
                    {formatMoney(p.net, p.payoutCurrency, locale)}
                  </Table.Td>
                  <Table.Td>
                    <PaymentStatusBadge status={p.status} />
                    {p.sentOn ? <Text size="xs">{t('payments.sentOn', { date: formatDate(p.sentOn, locale) })}</Text> : null}
                    {p.returnedOn ? <Text size="xs">{t('payments.returnedOn', { date: formatDate(p.returnedOn, locale) })}</Text> : null}
                    {p.statusReason ? <Text size="xs" style={{ wordBreak: 'break-word' }}>{p.statusReason}</Text> : null}
                  </Table.Td>
                  {manages ? (
                    <Table.Td>
                      <PaymentActions
                        run={run}
                        payment={p}
                        onReject={() => setRejecting(p)}
                        onAnswer={(result) => setAnswering({ payment: p, result })}
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : null}
      {list.data ? <ListPagination total={list.data.total} pageSize={pageSize} page={page} onChange={(p) => update({ page: String(p) })} /> : null}
      <Modal opened={rejecting !== null} onClose={() => setRejecting(null)} title={t('reject.title')} centered closeButtonProps={{ 'aria-label': t('dialog.cancel') }}>
        {rejecting ? (
          <ReasonForm
            intro={t('reject.intro', { partner: rejecting.partner.legalName, location: rejecting.location.locationId, amount: formatMoney(rejecting.net, rejecting.payoutCurrency, locale) })}
            label={t('reject.reason')}
            hint={t('reject.hint')}
            submitLabel={t('reject.confirm')}
            cancelLabel={t('dialog.cancel')}
            send={(reason) => api<RunPayment>(`/api/v1/payments/${rejecting.id}/reject`, { json: { reason } })}
            onDone={() => {
              setRejecting(null);
              done(t('reject.done', { location: rejecting.location.locationId }));
            }}
            onCancel={() => setRejecting(null)}
          />
        ) : null}
      </Modal>
      <Modal
        opened={answering !== null}
        onClose={() => setAnswering(null)}
        title={answering ? t(`answer.title.${answering.result}`) : ''}
        centered
        closeButtonProps={{ 'aria-label': t('dialog.cancel') }}
      >
        {answering ? (
          <BankAnswerForm
            payment={answering.payment}
            result={answering.result}
            onDone={() => {
              setAnswering(null);
              done(t(`answer.done.${answering.result}`, { location: answering.payment.location.locationId }));
            }}
            onCancel={() => setAnswering(null)}
          />
        ) : null}
      </Modal>
    </Stack>
  );

}

function PaymentActions({ run, payment, onReject, onAnswer }: { run: PaymentRunDetail; payment: RunPayment; onReject(): void; onAnswer(result: 'sent' | 'returned'): void }) {
  const { t } = useTranslation('payruns');
  const actions: { key: string; show: boolean; run(): void }[] = [
    { key: 'reject', show: run.status === 'upcoming' && payment.status === 'upcoming', run: onReject },
    { key: 'sent', show: run.status === 'approved' && payment.status === 'in_progress', run: () => onAnswer('sent') },
    { key: 'returned', show: run.status === 'approved' && (payment.status === 'in_progress' || payment.status === 'sent'), run: () => onAnswer('returned') },
  ];
  const shown = actions.filter((a) => a.show);
  if (shown.length === 0) return <>—</>;
  return (
    <Group gap={6} wrap="nowrap">
      {shown.map((a) => (
        <Button key={a.key} size="compact-sm" variant="default" color={a.key === 'sent' ? undefined : 'red.9'} onClick={a.run}>
          {t(`payments.action.${a.key}`)}
          <VisuallyHidden>{` (${payment.location.locationId}, ${payment.program.code})`}</VisuallyHidden>
        </Button>
      ))}
    </Group>
  );
}

/** The bank's answer for one payment: the day it was sent, or returned and why. */
function BankAnswerForm({ payment, result, onDone, onCancel }: { payment: RunPayment; result: 'sent' | 'returned'; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation('payruns');
  const locale = useLocale();
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<RunPayment>(`/api/v1/payments/${payment.id}/bank-result`, { json: { result, date, ...(result === 'returned' ? { reason } : {}) } }),
  );
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if ((await submit()).ok) onDone();
      }}
    >
      <Stack gap="sm">
        <Text>{t(`answer.intro.${result}`, { partner: payment.partner.legalName, location: payment.location.locationId, amount: formatMoney(payment.net, payment.payoutCurrency, locale) })}</Text>
        <TextInput type="date" label={t(`answer.date.${result}`)} required value={date} onChange={(e) => setDate(e.currentTarget.value)} error={fieldError('date')} data-autofocus />
        {result === 'returned' ? (
          <Textarea
            label={t('answer.reason')}
            description={t('answer.reasonHint')}
            required
            autosize
            minRows={2}
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError('reason')}
          />
        ) : null}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('dialog.cancel')}
          </Button>
          <Button type="submit" loading={pending} color={result === 'returned' ? 'red.9' : undefined}>
            {t(`answer.confirm.${result}`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

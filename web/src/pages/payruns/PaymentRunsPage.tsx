import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDate, formatDateTime, formatMonth } from '../../../../src/i18n/format.ts';
import { api } from '../../api.ts';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { MonthField } from '../billing/MonthField.tsx';
import { MoneyLines, useLocale } from '../earnings/Money.tsx';
import { ScrollTable } from '../earnings/ScrollTable.tsx';
import { netTotals, type PaymentRun, type PaymentRunDetail } from './model.ts';
import { RunStatusBadge } from './StatusBadges.tsx';

const pageSize = 20;

export function PaymentRunsPage() {
  return (
    <RequirePermission permission="payments.read">
      <PaymentRuns />
    </RequirePermission>
  );
}

/** Every payment run, newest cycle first; Finance runs a cycle from here. */
function PaymentRuns() {
  const { t } = useTranslation('payruns');
  const locale = useLocale();
  usePageTitle(t('list.title'));
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const list = useLoad<{ runs: PaymentRun[]; total: number }>(`/api/v1/payment-runs?limit=${pageSize}&offset=${(page - 1) * pageSize}`);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('list.title')}</Title>
        <Text mt="xs">{t('list.intro')}</Text>
      </div>
      {can('payments.manage') ? <RunCycleForm /> : null}
      <Section id="payment-runs" title={t('list.runs')}>
        <FormError error={list.error} />
        <Text size="sm" c="dimmed" aria-live="polite">
          {list.data ? t('list.count', { count: list.data.total }) : null}
        </Text>
        <ListStatus loading={list.loading && list.data === null} empty={list.data !== null && list.data.runs.length === 0} emptyText={t('list.none')} />
        {list.data && list.data.runs.length > 0 ? (
          <ScrollTable minWidth={960} label={t('list.caption')}>
            <Table striped data-testid="payment-runs-table">
              <caption>
                <VisuallyHidden>{t('list.caption')}</VisuallyHidden>
              </caption>
              <Table.Thead>
                <Table.Tr>
                  {(['cycle', 'status', 'runDate', 'payments', 'holds', 'net', 'created', 'approved'] as const).map((c) => (
                    <Table.Th key={c} scope="col" ta={['payments', 'holds', 'net'].includes(c) ? 'right' : undefined}>
                      {t(`list.columns.${c}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.runs.map((run) => (
                  <Table.Tr key={run.id} data-run={run.id} data-cycle={run.cycle} data-status={run.status}>
                    <Table.Td>
                      <Anchor component={Link} to={`/operations/payment-runs/${run.id}`} fw={600}>
                        {formatMonth(run.cycle, locale)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <RunStatusBadge status={run.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(run.runDate, locale)}</Table.Td>
                    <Table.Td ta="right">{run.payments.toLocaleString(locale)}</Table.Td>
                    <Table.Td ta="right">{run.holds.toLocaleString(locale)}</Table.Td>
                    <Table.Td ta="right">
                      <MoneyLines amounts={netTotals(run)} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ wordBreak: 'break-word' }}>
                        {run.createdBy}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(run.createdAt, locale)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {run.approvedAt ? (
                        <>
                          <Text size="sm" style={{ wordBreak: 'break-word' }}>
                            {run.approvedBy}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {formatDateTime(run.approvedAt, locale)}
                          </Text>
                        </>
                      ) : run.discardedAt ? (
                        <Text size="sm">{t('list.discardedBy', { who: run.discardedBy })}</Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : null}
        {list.data ? <ListPagination total={list.data.total} pageSize={pageSize} page={page} onChange={(p) => setParams(p > 1 ? { page: String(p) } : {})} /> : null}
      </Section>
    </Stack>
  );
}

/** Runs the payments of a cycle month (or opens the run it already has). */
function RunCycleForm() {
  const { t } = useTranslation('payruns');
  const navigate = useNavigate();
  const [cycle, setCycle] = useState('');
  const [date, setDate] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<PaymentRunDetail & { created: boolean }>('/api/v1/payment-runs', { json: { ...(cycle ? { cycle } : {}), ...(date ? { date } : {}) } }),
  );
  return (
    <Section id="run-cycle" title={t('run.title')} intro={t('run.intro')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await submit();
          if (result.ok) navigate(`/operations/payment-runs/${result.value.id}`, { state: { created: result.value.created } });
        }}
      >
        <Stack gap="md">
          <Group align="flex-start" gap="xl">
            <MonthField label={t('run.cycle')} description={t('run.cycleHint')} value={cycle} onChange={setCycle} error={fieldError('cycle')} required />
            <TextInput
              type="date"
              label={t('run.date')}
              description={t('run.dateHint')}
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={fieldError('date')}
              w={220}
            />
          </Group>
          <FormError error={error} />
          <div>
            <Button type="submit" loading={pending}>
              {t('run.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}

import { Alert, Anchor, Button, Group, List, Modal, Stack, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { formatDate, formatDateTime, formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import { api, ApiError } from '../../api.ts';
import { FactsTable, type Fact } from '../../components/FactsTable.tsx';
import { ReauthForm } from '../../components/ReauthDialog.tsx';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { useLocale } from '../earnings/Money.tsx';
import { BankResultsForm } from './BankResultsForm.tsx';
import { paymentStatuses, type PaymentRunDetail } from './model.ts';
import { RunHoldsTable } from './RunHoldsTable.tsx';
import { RunPaymentsTable } from './RunPaymentsTable.tsx';
import { RunStatusBadge } from './StatusBadges.tsx';

export function PaymentRunPage() {
  return (
    <RequirePermission permission="payments.read">
      <PaymentRun />
    </RequirePermission>
  );
}

/** One payment run: its facts and totals, what Finance can do with it, its payments and held groups. */
function PaymentRun() {
  const { t } = useTranslation('payruns');
  const locale = useLocale();
  const { id = '' } = useParams();
  const { state } = useLocation() as { state: { created?: boolean } | null };
  const { can } = useSession();
  const manages = can('payments.manage');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'holds' ? 'holds' : 'payments';
  const { data: run, error, reload } = useLoad<PaymentRunDetail>(`/api/v1/payment-runs/${encodeURIComponent(id)}`);
  // Each change to the run reloads it and, through this key, its payments.
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(state?.created === undefined ? null : t(state.created ? 'detail.created' : 'detail.existing'));
  const changed = (message: string) => {
    setNotice(message);
    reload();
    setVersion((v) => v + 1);
  };
  usePageTitle(run ? t('detail.title', { month: formatMonth(run.cycle, locale) }) : t('list.title'));

  const back = (
    <Anchor component={Link} to="/operations/payment-runs" size="sm">
      {t('detail.back')}
    </Anchor>
  );
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <Stack>
        {back}
        <Text role="alert">{t('detail.notFound')}</Text>
      </Stack>
    );
  }
  if (!run) return <FormError error={error} />;

  const month = formatMonth(run.cycle, locale);
  const when = (who: string | null, at: string | null) => (at ? t('detail.byAt', { who, at: formatDateTime(at, locale) }) : '—');
  const facts: Fact[] = [
    [t('detail.facts.cycle'), month],
    [t('detail.facts.status'), <RunStatusBadge status={run.status} />],
    [t('detail.facts.runDate'), formatDate(run.runDate, locale)],
    [t('detail.facts.payments'), run.payments.toLocaleString(locale)],
    [t('detail.facts.holds'), run.holds.toLocaleString(locale)],
    [
      t('detail.facts.byStatus'),
      paymentStatuses
        .filter((s) => run.statusCounts[s] > 0)
        .map((s) => t('detail.statusCount', { status: t(`paymentStatus.${s}`), count: run.statusCounts[s] }))
        .join(' · ') || '—',
    ],
    [t('detail.facts.created'), when(run.createdBy, run.createdAt)],
    [t('detail.facts.approved'), when(run.approvedBy, run.approvedAt)],
    ...(run.discardedAt ? [[t('detail.facts.discarded'), when(run.discardedBy, run.discardedAt)] as Fact] : []),
  ];
  const exportQuery = `cycle=${run.cycle}`;

  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="center">
        <Title order={1}>{t('detail.title', { month })}</Title>
        <RunStatusBadge status={run.status} />
      </Group>
      {notice ? (
        <Alert color="green" variant="light" role="status" withCloseButton closeButtonLabel={t('detail.dismiss')} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      <Section id="run-facts" title={t('detail.factsTitle')}>
        <FactsTable rows={facts} testId="run-facts" breakWords />
      </Section>
      <Section id="run-totals" title={t('detail.totals.title')} intro={t('detail.totals.intro')}>
        {run.totals.length === 0 ? (
          <Text>{t('detail.totals.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table withTableBorder data-testid="run-totals">
              <caption>
                <VisuallyHidden>{t('detail.totals.title')}</VisuallyHidden>
              </caption>
              <Table.Thead>
                <Table.Tr>
                  {(['currency', 'payments', 'gross', 'withholding', 'net'] as const).map((c) => (
                    <Table.Th key={c} scope="col" ta={c === 'currency' ? undefined : 'right'}>
                      {t(`detail.totals.${c}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {run.totals.map((total) => (
                  <Table.Tr key={total.currency} data-currency={total.currency}>
                    <Table.Th scope="row">{total.currency}</Table.Th>
                    <Table.Td ta="right">{total.payments.toLocaleString(locale)}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(total.gross, total.currency, locale)}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(total.withholding, total.currency, locale)}</Table.Td>
                    <Table.Td ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`net-${total.currency}`}>
                      {formatMoney(total.net, total.currency, locale)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      {manages && run.status === 'upcoming' ? <ReviewActions run={run} onChanged={changed} /> : null}
      {run.status !== 'discarded' ? (
        <Section id="run-files" title={t('files.title')}>
          {manages && run.status === 'approved' ? (
            <Stack gap="xs">
              <Text>{t('files.payoutIntro')}</Text>
              <Group>
                {run.payoutFiles.sepa > 0 ? (
                  <Button component="a" href={`/api/v1/payment-runs/${run.id}/payout-files/sepa.xml`} download>
                    {t('files.sepa', { count: run.payoutFiles.sepa })}
                  </Button>
                ) : null}
                {run.payoutFiles.csv > 0 ? (
                  <Button component="a" href={`/api/v1/payment-runs/${run.id}/payout-files/transfers.csv`} download>
                    {t('files.csv', { count: run.payoutFiles.csv })}
                  </Button>
                ) : null}
                {run.payoutFiles.sepa + run.payoutFiles.csv === 0 ? <Text>{t('files.noTransfers')}</Text> : null}
              </Group>
              <Text size="sm" c="dimmed">
                {t('files.audited')}
              </Text>
            </Stack>
          ) : null}
          <Group>
            <Button component="a" variant="default" href={`/api/v1/exports/payments.csv?${exportQuery}`} download>
              {t('files.paymentsCsv')}
            </Button>
            <Button component="a" variant="default" href={`/api/v1/exports/holds.csv?${exportQuery}`} download>
              {t('files.holdsCsv')}
            </Button>
          </Group>
        </Section>
      ) : null}
      {manages && run.status === 'approved' ? (
        <BankResultsForm runId={run.id} onRecorded={(counts) => changed(t('bankResults.recorded', counts))} />
      ) : null}
      <Tabs value={tab} onChange={(value) => setParams(value === 'holds' ? { tab: 'holds' } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="payments">{t('tabs.payments', { count: run.payments })}</Tabs.Tab>
          <Tabs.Tab value="holds">{t('tabs.holds', { count: run.holds })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="payments" pt="md">
          <RunPaymentsTable key={version} run={run} manages={manages} onChanged={changed} />
        </Tabs.Panel>
        <Tabs.Panel value="holds" pt="md">
          <RunHoldsTable runId={run.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Approve (a second Finance operator, password confirmed) or discard a run in review. */
function ReviewActions({ run, onChanged }: { run: PaymentRunDetail; onChanged(message: string): void }) {
  const { t } = useTranslation('payruns');
  const locale = useLocale();
  const [approving, setApproving] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const month = formatMonth(run.cycle, locale);
  const discard = useSubmit(() => api<PaymentRunDetail>(`/api/v1/payment-runs/${run.id}/discard`, { method: 'POST' }));
  const summary = (
    <Stack gap="xs">
      <Text>{t('approve.body', { count: run.statusCounts.upcoming })}</Text>
      {run.totals.length > 0 ? (
        <List size="sm" data-testid="approve-totals">
          {run.totals.map((total) => (
            <List.Item key={total.currency}>{t('approve.total', { count: total.payments, amount: formatMoney(total.net, total.currency, locale) })}</List.Item>
          ))}
        </List>
      ) : null}
      <Text>{t('approve.password')}</Text>
    </Stack>
  );
  return (
    <Section id="run-review" title={t('review.title')} intro={t('review.intro')}>
      {run.approvalBlockedBy === 'own_run' ? (
        <Alert color="blue" variant="light" data-testid="own-run">
          {t('review.ownRun')}
        </Alert>
      ) : null}
      <Group>
        {run.canApprove ? <Button onClick={() => setApproving(true)}>{t('approve.action')}</Button> : null}
        <Button variant="default" color="red.9" onClick={() => setDiscarding(true)}>
          {t('discard.action')}
        </Button>
      </Group>
      <Modal opened={approving} onClose={() => setApproving(false)} title={t('approve.title', { month })} centered closeButtonProps={{ 'aria-label': t('dialog.cancel') }}>
        <ReauthForm
          intro={summary}
          confirmLabel={t('approve.confirm')}
          then={() => api<PaymentRunDetail>(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' })}
          onConfirmed={() => {
            setApproving(false);
            onChanged(t('approve.done', { month }));
          }}
          onCancel={() => setApproving(false)}
        />
      </Modal>
      <Modal opened={discarding} onClose={() => setDiscarding(false)} title={t('discard.title', { month })} centered closeButtonProps={{ 'aria-label': t('dialog.cancel') }}>
        <Stack gap="sm">
          <Text>{t('discard.body', { count: run.payments })}</Text>
          <FormError error={discard.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDiscarding(false)} data-autofocus>
              {t('dialog.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={discard.pending}
              onClick={async () => {
                if ((await discard.submit()).ok) {
                  setDiscarding(false);
                  onChanged(t('discard.done', { month }));
                }
              }}
            >
              {t('discard.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}

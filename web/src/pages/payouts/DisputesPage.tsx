import { Alert, Button, Card, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDateTime, formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import { api } from '../../api.ts';
import { FactsTable } from '../../components/FactsTable.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { LoadState } from '../earnings/EarningsPage.tsx';
import { useLocale } from '../earnings/Money.tsx';
import { DisputeStatusBadge } from './Badges.tsx';
import { disputeStatuses, type DisputePage, type OperatorDispute } from './model.ts';

const pageSize = 20;
const maxLength = 2000;

/** Operators answer partners' payment disputes: `/operations/disputes`. */
export function DisputesPage() {
  return (
    <RequirePermission permission="disputes.answer">
      <Disputes />
    </RequirePermission>
  );
}

function Disputes() {
  const { t } = useTranslation('payouts');
  usePageTitle(t('operator.title'));
  const [params, setParams] = useSearchParams();
  // Open disputes by default: the queue to answer; `all` shows every state.
  const requested = params.get('status') ?? 'open';
  const status = (disputeStatuses as readonly string[]).includes(requested) ? requested : '';
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const query = new URLSearchParams({ offset: String((page - 1) * pageSize), limit: String(pageSize) });
  if (status) query.set('status', status);
  const list = useLoad<DisputePage>(`/api/v1/disputes?${query}`);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('operator.title')}</Title>
        <Text mt="xs">{t('operator.intro')}</Text>
      </div>
      <NativeSelect
        label={t('operator.status')}
        maw={280}
        value={status || 'all'}
        onChange={(e) => setParams(new URLSearchParams({ status: e.currentTarget.value }))}
        data-testid="dispute-status-filter"
      >
        {disputeStatuses.map((s) => (
          <option key={s} value={s}>
            {t(`disputeStatus.${s}`)}
          </option>
        ))}
        <option value="all">{t('operator.all')}</option>
      </NativeSelect>
      {notice ? (
        <Alert color="green" variant="light" role="status">
          {notice}
        </Alert>
      ) : null}
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="disputes-count">
        {list.data ? t('operator.count', { count: list.data.total }) : null}
      </Text>
      {list.data ? (
        <>
          {list.data.total === 0 ? <Text>{t('operator.none')}</Text> : null}
          {list.data.disputes.map((d) => (
            <DisputeCard
              key={d.id}
              dispute={d}
              onAnswered={() => {
                setNotice(t('operator.answered'));
                list.reload();
              }}
            />
          ))}
          <ListPagination
            total={list.data.total}
            pageSize={pageSize}
            page={page}
            onChange={(next) => setParams(new URLSearchParams({ ...(status ? { status } : { status: 'all' }), page: String(next) }))}
          />
        </>
      ) : (
        <LoadState error={list.error} onRetry={list.reload} />
      )}
    </Stack>
  );
}

function DisputeCard({ dispute: d, onAnswered }: { dispute: OperatorDispute; onAnswered(): void }) {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  const [answer, setAnswer] = useState('');
  const send = useSubmit(() => api<OperatorDispute>(`/api/v1/disputes/${d.id}/answer`, { json: { answer } }));
  const headingId = `dispute-${d.id}`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId} data-testid="operator-dispute" data-dispute-id={d.id}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={2} size="h4" id={headingId}>
            {d.partner.legalName} ({d.partner.partnerId})
          </Title>
          <DisputeStatusBadge status={d.status} />
        </Group>
        <FactsTable
          labelWidth="30%"
          rows={[
            [t('operator.pair'), `${d.payment.location.name} (${d.payment.location.locationId}) · ${d.payment.program.name} (${d.payment.program.code})`],
            [
              t('operator.payment'),
              t('operator.paymentValue', {
                month: formatMonth(d.payment.cycle, locale),
                amount: formatMoney(d.payment.net, d.payment.payoutCurrency, locale),
                status: t(`status.${d.payment.status}`),
              }),
            ],
            [t('operator.openedBy'), `${d.openedBy} · ${formatDateTime(d.openedAt, locale)}`],
            [t('operator.message'), <Text key="message" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.message}</Text>],
            ...(d.answer
              ? ([
                  [t('dispute.answer'), <Text key="answer" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.answer}</Text>],
                  [t('operator.answeredBy'), `${d.answeredBy ?? '—'}${d.answeredAt ? ` · ${formatDateTime(d.answeredAt, locale)}` : ''}`],
                ] as [string, React.ReactNode][])
              : []),
          ]}
        />
        {d.status === 'open' ? (
          <form
            noValidate
            onSubmit={async (event) => {
              event.preventDefault();
              const result = await send.submit();
              if (result.ok) onAnswered();
            }}
          >
            <Stack gap="sm">
              <Textarea
                label={t('operator.answer')}
                description={t('operator.answerHint')}
                required
                autosize
                minRows={3}
                maxLength={maxLength}
                value={answer}
                onChange={(e) => setAnswer(e.currentTarget.value)}
                error={send.fieldError('answer')}
              />
              <FormError error={send.error} />
              <Group>
                <Button type="submit" loading={send.pending}>
                  {t('operator.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}

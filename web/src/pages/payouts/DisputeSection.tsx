import { Alert, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../../src/i18n/format.ts';
import { api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession } from '../../session.tsx';
import { useLocale } from '../earnings/Money.tsx';
import { DisputeStatusBadge } from './Badges.tsx';
import type { Dispute, PaymentDetail } from './model.ts';

const maxLength = 2000;

/** The payment's disputes, and the form to open one (Incentive admins, Sent, within 30 days). */
export function DisputeSection({ payment, onChanged }: { payment: PaymentDetail; onChanged(): void }) {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  const { can } = useSession();
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const open = useSubmit(() => api<Dispute>(`/api/v1/payments/${payment.id}/disputes`, { json: { message } }));
  const close = useSubmit((id: string) => api<Dispute>(`/api/v1/disputes/${id}/close`, { method: 'POST' }));
  const manage = can('incentives.manage');
  const disputeWindow = payment.disputeWindow;
  const until = disputeWindow.until ? formatDate(disputeWindow.until, locale) : '';

  return (
    <Section id="dispute" title={t('dispute.title')} intro={t('dispute.intro')}>
      {notice ? (
        <Alert color="green" variant="light" role="status">
          {notice}
        </Alert>
      ) : null}
      {payment.disputes.map((d) => (
        <Card key={d.id} withBorder padding="sm" data-testid="dispute" data-status={d.status}>
          <Stack gap="xs">
            <Group gap="xs">
              <DisputeStatusBadge status={d.status} />
              <Text size="xs" c="dimmed">
                {t('dispute.openedBy', { name: d.openedBy, date: formatDateTime(d.openedAt, locale) })}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {d.message}
            </Text>
            {d.answer ? (
              <Stack gap={2} data-testid="dispute-answer">
                <Text size="sm" fw={600}>
                  {t('dispute.answer')}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {d.answer}
                </Text>
                {d.answeredAt ? (
                  <Text size="xs" c="dimmed">
                    {t('dispute.answeredOn', { date: formatDateTime(d.answeredAt, locale) })}
                  </Text>
                ) : null}
              </Stack>
            ) : d.status === 'open' ? (
              <Text size="sm" c="dimmed">
                {t('dispute.waiting')}
              </Text>
            ) : null}
            {d.closedAt ? (
              <Text size="xs" c="dimmed">
                {t('dispute.closedOn', { date: formatDateTime(d.closedAt, locale) })}
              </Text>
            ) : null}
            {d.status !== 'closed' && manage ? (
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  loading={close.pending}
                  onClick={async () => {
                    const result = await close.submit(d.id);
                    if (!result.ok) return;
                    setNotice(t('dispute.closed'));
                    onChanged();
                  }}
                >
                  {t('dispute.close')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Card>
      ))}
      <FormError error={close.error} />
      {disputeWindow.open ? (
        manage ? (
          <form
            noValidate
            data-testid="dispute-form"
            onSubmit={async (event) => {
              event.preventDefault();
              const result = await open.submit();
              if (!result.ok) return;
              setMessage('');
              setNotice(t('dispute.opened'));
              onChanged();
            }}
          >
            <Stack gap="sm">
              <Text size="sm">{t('dispute.until', { date: until })}</Text>
              <Textarea
                label={t('dispute.message')}
                description={t('dispute.messageHint')}
                required
                autosize
                minRows={3}
                maxLength={maxLength}
                value={message}
                onChange={(e) => setMessage(e.currentTarget.value)}
                error={open.fieldError('message')}
              />
              <FormError error={open.error} />
              <Group>
                <Button type="submit" loading={open.pending}>
                  {t('dispute.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Text size="sm">
            {t('dispute.until', { date: until })} {t('dispute.readOnly')}
          </Text>
        )
      ) : disputeWindow.refusal && (disputeWindow.refusal !== 'active_dispute' || payment.disputes.length === 0) ? (
        <Text size="sm" data-testid="dispute-refusal">
          {t(`dispute.${disputeWindow.refusal}`, { date: until })}
        </Text>
      ) : null}
    </Section>
  );
}

import { Anchor, Button, Card, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatMoney, formatMonth } from '../../../../src/i18n/format.ts';
import { Section } from '../../components/Section.tsx';
import { MoneyLines, useLocale } from '../earnings/Money.tsx';
import { PaymentStatusBadge } from './Badges.tsx';
import type { HoldReasonView, PairStatus, PayoutStatus } from './model.ts';

const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

/**
 * "Why wasn't I paid", per location and program: what the next run would do with it, every reason
 * it would not pay with the action that clears it, progress toward the threshold, and when a
 * payment is next expected.
 */
export function WhyNotPaid({ status }: { status: PayoutStatus }) {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  return (
    <Section id="why-not-paid" title={t('why.title')} intro={t('why.intro', { month: formatMonth(status.cycle, locale), date: formatDate(status.checkedOn, locale) })}>
      {status.pairs.length === 0 ? <Text>{t('why.none')}</Text> : null}
      {status.pairs.map((pair) => (
        <PairCard key={`${pair.location.locationId}/${pair.program.code}`} pair={pair} />
      ))}
    </Section>
  );
}

function PairCard({ pair }: { pair: PairStatus }) {
  const { t } = useTranslation(['payouts', 'enrollments']);
  const locale = useLocale();
  const usd = (amount: string) => formatMoney(amount, 'USD', locale);
  const threshold = usd(pair.payable.thresholdUsd);
  const headingId = `pair-${pair.location.locationId}-${pair.program.code}`;
  const next = pair.nextPayment;
  const nextText =
    next.rule === 'when_threshold_reached'
      ? next.month
        ? t('why.next.when_threshold_reached_month', { threshold, month: formatMonth(next.month, locale) })
        : t('why.next.when_threshold_reached', { threshold })
      : t(`why.next.${next.rule}`, { month: next.month ? formatMonth(next.month, locale) : '' });
  const percent = Math.round(pair.payable.progress * 100);

  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="pair-status" data-pair={`${pair.location.locationId}/${pair.program.code}`}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={headingId} style={keepWords}>
            {t('why.pairHeading', { location: pair.location.name, program: pair.program.name })}
          </Title>
          <Text size="xs" c="dimmed">
            {pair.location.locationId} · {pair.program.code}
          </Text>
        </div>
        <Text fw={600} data-testid="next-payment" data-rule={next.rule}>
          {t('why.next.line', { text: nextText })}
        </Text>

        {pair.payable.usd !== null ? (
          <Stack gap={4}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" id={`${headingId}-progress`}>
                {t('why.progressLabel')}
              </Text>
              <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {t('why.progressValue', { usd: usd(pair.payable.usd), threshold })}
              </Text>
            </Group>
            <Progress.Root size="lg">
              <Progress.Section
                value={percent}
                color={pair.reasons.length === 0 ? 'teal.9' : 'accrue.7'}
                aria-labelledby={`${headingId}-progress`}
                aria-valuetext={t('why.progressValue', { usd: usd(pair.payable.usd), threshold })}
              />
            </Progress.Root>
            {pair.payable.fxEstimated ? (
              <Text size="xs" c="dimmed">
                {t('why.fxEstimated')}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <Text size="sm">{t('why.progressUnknown')}</Text>
        )}

        <Group gap="xl" align="flex-start">
          <Stack gap={2}>
            <Text size="sm">{t('why.payable', { count: pair.payable.earnings })}</Text>
            {pair.payable.amounts.length ? <MoneyLines amounts={pair.payable.amounts} size="sm" fw={600} /> : null}
          </Stack>
          {pair.pending.earnings > 0 && pair.pending.firstPayableMonth ? (
            <Stack gap={2}>
              <Text size="sm">{t('why.pending', { count: pair.pending.earnings, month: formatMonth(pair.pending.firstPayableMonth, locale) })}</Text>
              <MoneyLines amounts={pair.pending.amounts} size="sm" />
            </Stack>
          ) : null}
        </Group>

        <div>
          <Title order={4} size="h5" mb={4}>
            {t('why.reasonsTitle')}
          </Title>
          {pair.reasons.length === 0 ? (
            <Text size="sm">{t('why.noReasons')}</Text>
          ) : (
            <List spacing="sm" listStyleType="none" ml={0} pl={0} data-testid="reasons">
              {pair.reasons.map((reason) => (
                <List.Item key={reason.code} data-reason={reason.code}>
                  <Reason reason={reason} threshold={threshold} />
                </List.Item>
              ))}
            </List>
          )}
        </div>

        {pair.lastRun ? <LastRun lastRun={pair.lastRun} /> : null}
      </Stack>
    </Card>
  );
}

function Reason({ reason, threshold }: { reason: HoldReasonView; threshold: string }) {
  const { t } = useTranslation(['payouts', 'enrollments']);
  const locale = useLocale();
  const month = reason.month ? formatMonth(reason.month, locale) : '';
  const text = (() => {
    switch (reason.code) {
      case 'enrollment':
        return t('reason.enrollment.text', { status: t(`enrollments:status.${reason.detail}`, { defaultValue: reason.detail ?? '' }) });
      case 'tax_profile':
      case 'payment_profile':
        return t(`reason.${reason.code}.${reason.detail}`, { defaultValue: t(`reason.${reason.code}.other`) });
      case 'partner_hold':
        return t(`reason.partner_hold.${reason.detail === 'cleared' ? 'cleared' : 'set'}`, { month });
      case 'below_threshold':
        return t('reason.below_threshold.text', { threshold });
      default:
        return t(`reason.${reason.code}.text`);
    }
  })();
  const action = reason.code === 'partner_hold' && reason.detail === 'cleared' ? 'seeHold' : reason.action;
  return (
    <Group justify="space-between" align="center" gap="sm" wrap="wrap">
      <Stack gap={0} style={{ flex: '1 1 20rem' }}>
        <Text size="sm" fw={600}>
          {t(`reason.${reason.code}.title`)}
        </Text>
        <Text size="sm">{text}</Text>
      </Stack>
      <Button component={Link} to={reason.link} variant="light" size="xs" data-action={reason.action}>
        {t(`action.${action}`)}
      </Button>
    </Group>
  );
}

function LastRun({ lastRun }: { lastRun: NonNullable<PairStatus['lastRun']> }) {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  const month = formatMonth(lastRun.cycle, locale);
  if (lastRun.payment) {
    return (
      <Group gap="xs">
        <PaymentStatusBadge status={lastRun.payment.status} />
        <Text size="sm">
          {t('why.lastRun.paid', { month, amount: formatMoney(lastRun.payment.net, lastRun.payment.currency, locale), status: t(`status.${lastRun.payment.status}`) })}
        </Text>
        <Anchor component={Link} to={`/payments/${lastRun.payment.id}`} size="sm">
          {t('why.lastRun.openPayment', { month })}
        </Anchor>
      </Group>
    );
  }
  if (lastRun.hold) {
    return (
      <Text size="sm">
        {t('why.lastRun.held', { month, reasons: lastRun.hold.reasons.map((r) => t(`reason.${r}.title`)).join(', ') })}
      </Text>
    );
  }
  return (
    <Text size="sm">
      {t('why.lastRun.none', { month })}
    </Text>
  );
}

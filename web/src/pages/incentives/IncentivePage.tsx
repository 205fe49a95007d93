import { Alert, Anchor, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn } from '../programs/model.ts';
import type { IncentiveDetail } from './model.ts';
import { PayoutSection } from './PayoutSection.tsx';

/** Payouts are set once the invitation is accepted, and stay visible after the enrollment ends. */
const showPayout = (i: IncentiveDetail) => !['invited', 'not_eligible'].includes(i.status) && i.history.some((h) => h.event === 'accept');
import { RequirementList, StatusReason } from '../enrollments/Requirements.tsx';
import { StatusBadge } from '../enrollments/StatusBadge.tsx';

export function IncentivePage() {
  return (
    <RequirePermission permission="incentives.read">
      <IncentiveView />
    </RequirePermission>
  );
}

/** One location and program: where the enrollment stands, why, and what to do next. */
function IncentiveView() {
  const { t, i18n } = useTranslation(['incentives', 'enrollments']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { locationId = '', programCode = '' } = useParams();
  const path = `/api/v1/incentives/${encodeURIComponent(locationId)}/${encodeURIComponent(programCode)}`;
  const [incentive, setIncentive] = useState<IncentiveDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [accepted, setAccepted] = useState(false);
  usePageTitle(incentive ? `${nameIn(incentive.program.name, locale)} · ${incentive.location.name}` : t('title'));
  const load = useCallback(() => {
    api<IncentiveDetail>(path).then(setIncentive, (error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    });
  }, [path]);
  useEffect(load, [load]);
  const accept = useSubmit(() => api<IncentiveDetail>(`${path}/accept`, { method: 'POST', json: {} }));

  const back = (
    <Anchor component={Link} to="/incentives" size="sm">
      {t('back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!incentive) return null;
  const i = incentive;

  return (
    <Stack gap="lg" maw={1000}>
      {back}
      <div>
        <Title order={1}>{nameIn(i.program.name, locale)}</Title>
        <Text mt="xs">{t('pairIntro', { location: i.location.name, locationId: i.location.locationId, code: i.program.code })}</Text>
        <Group mt="sm" gap="sm" data-testid="incentive-status">
          <Text fw={600}>{t('columns.status')}:</Text>
          <StatusBadge status={i.status} size="lg" />
        </Group>
      </div>

      {accepted ? (
        <Alert color="green" variant="light" role="status" title={t('accept.done')}>
          {t('accept.doneBody')}
        </Alert>
      ) : null}

      {i.canAccept ? (
        <Section id="invitation" title={t('accept.title')} intro={t('accept.intro')}>
          <FormError error={accept.error} />
          <Group>
            <Button
              loading={accept.pending}
              onClick={async () => {
                const result = await accept.submit();
                if (result.ok) {
                  setIncentive(result.value);
                  setAccepted(true);
                }
              }}
            >
              {t('accept.button')}
            </Button>
          </Group>
        </Section>
      ) : null}

      {i.status === 'invited' && !i.canAccept ? <Alert variant="light" color="blue">{t('invitedReadOnly')}</Alert> : null}
      {i.status === 'enrolling' ? <Alert variant="light" color="blue">{t('enrollingExplained')}</Alert> : null}

      {i.nextSteps.length > 0 ? (
        <Section id="next-steps" title={t('nextSteps.title')} intro={t('nextSteps.intro')}>
          {i.statusReason && i.history.at(-1)?.event === 'reject' ? (
            <Alert color="orange" variant="light" title={t('nextSteps.sentBack')}>
              {i.statusReason}
            </Alert>
          ) : null}
          <List spacing="xs">
            {i.nextSteps.map((s) => (
              <List.Item key={s.step}>
                {s.step === 'tax_profile' ? (
                  <Anchor component={Link} to="/tax-profiles">
                    {t(`nextSteps.${s.step}`)}
                  </Anchor>
                ) : (
                  <Anchor href="#payout">{t(`nextSteps.${s.step}`)}</Anchor>
                )}{' '}
                — {s.done ? t('nextSteps.done') : t('nextSteps.missing')}
                {s.status !== 'missing' ? ` (${t(`enrollments:profileStatus.${s.status}`)})` : ''}
              </List.Item>
            ))}
          </List>
        </Section>
      ) : null}

      {showPayout(i) ? <PayoutSection path={path} onChanged={load} /> : null}

      <Section
        id="requirements"
        title={t('requirements.title')}
        intro={
          i.evaluatedOn
            ? t(i.eligible ? 'requirements.eligible' : 'requirements.notEligible', { date: formatDate(i.evaluatedOn, locale) })
            : t('requirements.notEvaluated')
        }
      >
        <RequirementList requirements={i.requirements} />
      </Section>

      <Section id="earnings" title={t('earnings.title')}>
        <Text>
          {i.earningsStart
            ? i.earningsEnd
              ? t('earningsWindow', { start: formatDate(i.earningsStart, locale), end: formatDate(i.earningsEnd, locale) })
              : t('earningsFrom', { start: formatDate(i.earningsStart, locale) })
            : t('earnings.notYet')}
        </Text>
      </Section>

      {i.history.length > 0 ? (
        <Section id="history" title={t('history.title')}>
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('history.when')}</Table.Th>
                  <Table.Th scope="col">{t('history.what')}</Table.Th>
                  <Table.Th scope="col">{t('history.status')}</Table.Th>
                  <Table.Th scope="col">{t('history.why')}</Table.Th>
                  <Table.Th scope="col">{t('history.by')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...i.history].reverse().map((h, n) => (
                  <Table.Tr key={`${h.at}-${n}`}>
                    <Table.Td>{formatDateTime(h.at, locale)}</Table.Td>
                    <Table.Td>{t(`enrollments:event.${h.event}`)}</Table.Td>
                    <Table.Td>
                      {h.from ? `${t(`enrollments:status.${h.from}`)} → ` : ''}
                      {t(`enrollments:status.${h.to}`)}
                    </Table.Td>
                    <Table.Td>
                      <StatusReason event={h.event} reason={h.reason} requirements={i.requirements} />
                    </Table.Td>
                    <Table.Td>{h.by ?? t('enrollments:by.vendor')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Section>
      ) : null}
    </Stack>
  );
}

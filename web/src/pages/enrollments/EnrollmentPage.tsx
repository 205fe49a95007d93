import { Alert, Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn } from '../programs/model.ts';
import { DecisionSection } from './Decision.tsx';
import type { EnrollmentDetail } from './model.ts';
import { RequirementList, StatusReason } from './Requirements.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { FactsTable } from '../../components/FactsTable.tsx';

export function EnrollmentPage() {
  return (
    <RequirePermission permission="partners.read">
      <EnrollmentView />
    </RequirePermission>
  );
}

function EnrollmentView() {
  const { t, i18n } = useTranslation(['enrollments', 'programs']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { id = '' } = useParams();
  const { can } = useSession();
  // Back to the list as it was filtered, when the reader came from it.
  const listAddress = (useLocation().state as { list?: string } | null)?.list ?? '';
  const [enrollment, setEnrollment] = useState<EnrollmentDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [decided, setDecided] = useState<'validate' | 'reject' | null>(null);
  usePageTitle(enrollment ? `${enrollment.location.name} · ${nameIn(enrollment.program.name, locale)}` : t('enrollments:operator.title'));

  const load = useCallback(async () => {
    try {
      setEnrollment(await api<EnrollmentDetail>(`/api/v1/enrollments/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
      else throw error;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Anchor component={Link} to={`/enrollments${listAddress.startsWith('?') ? listAddress : ''}`} size="sm">
      {t('enrollments:operator.back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('enrollments:operator.notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!enrollment) return null;
  const e = enrollment;
  const lastEvent = e.history.at(-1)?.event ?? null;
  const byLabel = (by: string) => (by === 'system' || by === 'cli' ? t(`enrollments:operator.by.${by}`) : by);
  const facts: [string, ReactNode][] = [
    [t('enrollments:operator.fields.status'), <StatusBadge status={e.status} />],
    [t('enrollments:operator.fields.since'), formatDateTime(e.statusChangedAt, locale)],
    [t('enrollments:operator.fields.reason'), <StatusReason event={lastEvent} reason={e.statusReason} requirements={e.requirements} />],
    [t('enrollments:operator.fields.earningsStart'), e.earningsStart ? formatDate(e.earningsStart, locale) : t('enrollments:operator.earnings.notStarted')],
    [t('enrollments:operator.fields.earningsEnd'), e.earningsEnd ? formatDate(e.earningsEnd, locale) : e.earningsStart ? t('enrollments:operator.earnings.open') : '—'],
    [t('enrollments:operator.fields.programStatus'), t(`programs:status.${e.program.status}`)],
    [t('enrollments:operator.profiles.tax'), t(`enrollments:profileStatus.${e.profiles.tax}`)],
    [t('enrollments:operator.profiles.payment'), t(`enrollments:profileStatus.${e.profiles.payment}`)],
  ];

  return (
    <Stack gap="lg" maw={1100}>
      {back}
      <div>
        <Title order={1}>{t('enrollments:operator.heading', { location: e.location.name, program: nameIn(e.program.name, locale) })}</Title>
        <Group gap="xs" mt="xs">
          <StatusBadge status={e.status} size="lg" />
          <Text>
            {e.program.code} · {e.location.locationId} · {e.location.country} · {t(`enrollments:partnerType.${e.location.partnerType}`)}
          </Text>
        </Group>
        <Text mt="xs">
          <Trans
            t={t}
            i18nKey="enrollments:operator.partnerLine"
            values={{ name: e.partner.legalName, partnerId: e.partner.partnerId }}
            components={[<Anchor component={Link} to={`/partners/${e.partner.partnerId}`} />]}
          />
        </Text>
      </div>

      {decided ? (
        <Alert color="green" variant="light" role="status" withCloseButton={false}>
          {t(`enrollments:operator.${decided}.done`)}
        </Alert>
      ) : null}

      {e.status === 'validating' && !e.profiles.reviewed ? (
        <Alert color="blue" variant="light" data-testid="profiles-not-reviewed">
          {t('enrollments:operator.profiles.blocked')}
        </Alert>
      ) : null}

      {can('enrollments.validate') && e.status === 'validating' ? (
        <DecisionSection
          enrollment={e}
          onDecided={(result, kind) => {
            setEnrollment(result);
            setDecided(kind);
          }}
          onClosed={() => void load()}
        />
      ) : null}

      <Section id="status" title={t('enrollments:operator.sections.status')}>
        <FactsTable rows={facts} />
      </Section>

      <Section id="eligibility" title={t('enrollments:operator.sections.eligibility')}>
        <Text fw={600}>
          {e.evaluatedOn
            ? t(e.eligible ? 'enrollments:operator.eligibility.eligibleOn' : 'enrollments:operator.eligibility.notEligibleOn', { date: formatDate(e.evaluatedOn, locale) })
            : t('enrollments:operator.eligibility.never')}
        </Text>
        {e.requirements.length ? <RequirementList requirements={e.requirements} /> : null}
      </Section>

      <Section id="history" title={t('enrollments:operator.sections.history')}>
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder data-testid="history-table">
            <Table.Thead>
              <Table.Tr>
                {(['at', 'change', 'event', 'reason', 'by'] as const).map((c) => (
                  <Table.Th key={c} scope="col">
                    {t(`enrollments:operator.history.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.history.map((h, index) => (
                <Table.Tr key={`${index}-${h.event}`} data-event={h.event}>
                  <Table.Td>{formatDateTime(h.at, locale)}</Table.Td>
                  <Table.Td>
                    {h.from
                      ? t('enrollments:operator.history.fromTo', { from: t(`enrollments:status.${h.from}`), to: t(`enrollments:status.${h.to}`) })
                      : t(`enrollments:status.${h.to}`)}
                  </Table.Td>
                  <Table.Td>{t(`enrollments:event.${h.event}`)}</Table.Td>
                  <Table.Td>
                    <StatusReason event={h.event} reason={h.reason} requirements={e.requirements} />
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{byLabel(h.by)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
    </Stack>
  );
}

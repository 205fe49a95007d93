import { Anchor, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn } from '../programs/model.ts';
import { InvitationBanner } from './InvitationBanner.tsx';
import { incentivePath, type IncentiveSummary } from './model.ts';
import { StatusBadge } from '../enrollments/StatusBadge.tsx';

export function IncentivesPage() {
  return (
    <RequirePermission permission="incentives.read">
      <IncentivesOverview />
    </RequirePermission>
  );
}

/** The organization's incentives, one section per location, one row per program. */
function IncentivesOverview() {
  const { t, i18n } = useTranslation(['incentives', 'enrollments']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('title'));
  const [incentives, setIncentives] = useState<IncentiveSummary[] | null>(null);
  useEffect(() => {
    api<{ incentives: IncentiveSummary[] }>('/api/v1/incentives').then((r) => setIncentives(r.incentives));
  }, []);

  const byLocation = new Map<string, IncentiveSummary[]>();
  for (const i of incentives ?? []) byLocation.set(i.location.locationId, [...(byLocation.get(i.location.locationId) ?? []), i]);

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('title')}</Title>
        <Text mt="xs">{t('intro')}</Text>
      </div>
      <InvitationBanner incentives={incentives} />
      {incentives && incentives.length === 0 ? <Text>{t('none')}</Text> : null}
      {[...byLocation.values()].map((rows) => {
        const location = rows[0]!.location;
        return (
          <Section
            key={location.locationId}
            id={`location-${location.locationId}`}
            title={t('locationHeading', { name: location.name, locationId: location.locationId })}
            intro={`${t(`enrollments:partnerType.${location.partnerType}`)} · ${location.country}${location.archived ? ` · ${t('archived')}` : ''}`}
          >
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('columns.program')}</Table.Th>
                    <Table.Th scope="col">{t('columns.status')}</Table.Th>
                    <Table.Th scope="col">{t('columns.earnings')}</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>{t('columns.details')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((i) => (
                    <Table.Tr key={i.program.code} data-program={i.program.code}>
                      <Table.Td>
                        <Text fw={600}>{nameIn(i.program.name, locale)}</Text>
                        <Text size="sm">{i.program.code}</Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={i.status} />
                      </Table.Td>
                      <Table.Td>
                        {i.earningsStart
                          ? i.earningsEnd
                            ? t('earningsWindow', { start: formatDate(i.earningsStart, locale), end: formatDate(i.earningsEnd, locale) })
                            : t('earningsFrom', { start: formatDate(i.earningsStart, locale) })
                          : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={incentivePath(i)}>
                          {i.canAccept ? t('reviewInvitation') : t('seeRequirements')}
                          <VisuallyHidden>{` — ${nameIn(i.program.name, locale)}, ${location.name}`}</VisuallyHidden>
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Section>
        );
      })}
    </Stack>
  );
}

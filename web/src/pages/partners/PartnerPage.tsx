import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';

interface PartnerDetail {
  partnerId: string;
  legalName: string;
  country: string;
  language: string;
  locations: { locationId: string; name: string; country: string; address: string; partnerType: string; archived: boolean }[];
  agreements: { locationId: string | null; type: string; status: string; validFrom: string; validTo: string | null }[];
  competencies: { name: string; level: string; validFrom: string; validTo: string | null }[];
}

export function PartnerPage() {
  return (
    <RequirePermission permission="partners.read">
      <PartnerDetailView />
    </RequirePermission>
  );
}


function PartnerDetailView() {
  const { t, i18n } = useTranslation(['partners', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { partnerId = '' } = useParams();
  const [partner, setPartner] = useState<PartnerDetail | null>(null);
  const [missing, setMissing] = useState(false);
  usePageTitle(partner?.legalName ?? t('partners:title'));
  useEffect(() => {
    api<PartnerDetail>(`/api/v1/partners/${encodeURIComponent(partnerId)}`).then(setPartner, (error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    });
  }, [partnerId]);

  const back = (
    <Anchor component={Link} to="/partners" size="sm">
      {t('partners:back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('partners:notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!partner) return null;
  const date = (d: string | null) => (d ? formatDate(d, locale) : t('partners:noEnd'));
  return (
    <Stack gap="lg">
      {back}
      <div>
        <Title order={1}>{partner.legalName}</Title>
        <Text mt="xs">
          {partner.partnerId} · {partner.country} · {t(`common:language.${partner.language}`)}
        </Text>
      </div>
      <Section title={t('partners:sections.locations')}>
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder data-testid="locations-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('partners:columns.locationId')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.name')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.country')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.partnerType')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.address')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partner.locations.map((l) => (
                <Table.Tr key={l.locationId}>
                  <Table.Td>
                    {l.locationId}{' '}
                    {l.archived ? (
                      <Badge variant="outline" color="dark" tt="none">
                        {t('partners:archived')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{l.name}</Table.Td>
                  <Table.Td>{l.country}</Table.Td>
                  <Table.Td>{t(`partners:partnerType.${l.partnerType}`)}</Table.Td>
                  <Table.Td>{l.address || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
      <Section title={t('partners:sections.agreements')}>
        {partner.agreements.length === 0 ? (
          <Text>{t('partners:none')}</Text>
        ) : (
          <Table withTableBorder data-testid="agreements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('partners:columns.type')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.scope')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.status')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.validFrom')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.validTo')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partner.agreements.map((a) => (
                <Table.Tr key={`${a.type}-${a.locationId}-${a.validFrom}`}>
                  <Table.Td>{t(`partners:agreementType.${a.type}`)}</Table.Td>
                  <Table.Td>{a.locationId ?? t('partners:wholeOrganization')}</Table.Td>
                  <Table.Td>{t(`partners:agreementStatus.${a.status}`)}</Table.Td>
                  <Table.Td>{date(a.validFrom)}</Table.Td>
                  <Table.Td>{date(a.validTo)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={t('partners:sections.competencies')}>
        {partner.competencies.length === 0 ? (
          <Text>{t('partners:none')}</Text>
        ) : (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('partners:columns.name')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.level')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.validFrom')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.validTo')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partner.competencies.map((c) => (
                <Table.Tr key={`${c.name}-${c.validFrom}`}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{t(`partners:level.${c.level}`)}</Table.Td>
                  <Table.Td>{date(c.validFrom)}</Table.Td>
                  <Table.Td>{date(c.validTo)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
    </Stack>
  );
}

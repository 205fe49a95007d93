import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { formatRate, type TaxProfile } from './model.ts';
import { TaxStatusBadge } from './TaxStatusBadge.tsx';
import { FactsTable } from '../../components/FactsTable.tsx';

/** A form's facts as label and value rows; the tax id as the server sent it (masked). */
export function TaxFacts({ profile, leading = [], extra = [] }: { profile: TaxProfile; leading?: [string, ReactNode][]; extra?: [string, ReactNode][] }) {
  const { t, i18n } = useTranslation('tax');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const country = (code: string) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  const treaty = profile.treaty;
  const rows: [string, ReactNode][] = [
    ...leading,
    [t('fields.status'), <TaxStatusBadge status={profile.status} />],
    [t('fields.form'), profile.form],
    [t('fields.taxId'), <span data-testid="tax-id">{profile.taxId}</span>],
    [t('fields.legalName'), profile.legalName],
    [t('fields.address'), <span style={{ whiteSpace: 'pre-line' }}>{profile.address}</span>],
    [t('fields.country'), country(profile.country)],
    ...(profile.form === 'W-8BEN-E'
      ? [
          [
            t('fields.treaty'),
            treaty
              ? `${t('treatyClaim', { country: country(treaty.country), rate: formatRate(treaty.rate, locale) })} (${t(`treatyState.${treaty.accepted === null ? 'pending' : treaty.accepted ? 'accepted' : 'refused'}`)})`
              : t('noTreaty'),
          ] as [string, ReactNode],
        ]
      : []),
    [t('fields.signedOn'), formatDate(profile.signedOn, locale)],
    [
      t('fields.expiresOn'),
      profile.expiresOn ? (
        <>
          {formatDate(profile.expiresOn, locale)}
          {profile.status === 'expiring_soon' && profile.expiresInDays !== null ? (
            <Text span fw={600} c="#8a4500" ml="xs" data-testid="expires-in">
              {t('expiresIn', { count: profile.expiresInDays })}
            </Text>
          ) : null}
        </>
      ) : (
        t('neverExpires')
      ),
    ],
    [t('fields.withholdingRate'), <span data-testid="withholding-rate">{t('rate', { rate: formatRate(profile.withholdingRate, locale) })}</span>],
    ...extra,
  ];
  return (
    <FactsTable rows={rows} labelWidth="35%" />
  );
}

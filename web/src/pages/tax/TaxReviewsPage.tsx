import { Anchor, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { countryCodes } from '../../../../src/modules/partners/countries.ts';
import { api } from '../../api.ts';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { FormError } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { formatDay } from '../enrollments/model.ts';
import { taxProfileStatuses, type TaxReview } from './model.ts';
import { TaxStatusBadge } from './TaxStatusBadge.tsx';

const pageSize = 25;
const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

export function TaxReviewsPage() {
  return (
    <RequirePermission permission="partners.read">
      <TaxReviewQueue />
    </RequirePermission>
  );
}

/** Operators' queue of tax forms: Pending validation first, filtered by status, country and name. */
function TaxReviewQueue() {
  const { t, i18n } = useTranslation('tax');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('review.title'));
  const [status, setStatus] = useState('pending_validation');
  const [country, setCountry] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);

  const query = useMemo(() => {
    const params = new URLSearchParams({ status, limit: String(pageSize), offset: String((page - 1) * pageSize) });
    if (country) params.set('country', country);
    if (q) params.set('q', q);
    return params.toString();
  }, [status, country, q, page]);

  const { data, loading, error } = useLoad<{ taxProfiles: TaxReview[]; total: number }>(`/api/v1/tax-reviews?${query}`);

  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const collator = new Intl.Collator(locale);
    return [...countryCodes].map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
  }, [locale]);

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t('review.title')}</Title>
        <Text mt="xs">{t('review.intro')}</Text>
      </div>
      <form role="search" aria-label={t('review.filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput label={t('review.filters.search')} placeholder={t('review.filters.searchPlaceholder')} value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} />
          <NativeSelect label={t('review.filters.status')} value={status} onChange={(e) => { setStatus(e.currentTarget.value); setPage(1); }}>
            <option value="any">{t('review.filters.anyStatus')}</option>
            {taxProfileStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect label={t('review.filters.country')} value={country} onChange={(e) => { setCountry(e.currentTarget.value); setPage(1); }}>
            <option value="">{t('review.filters.anyCountry')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </NativeSelect>
        </SimpleGrid>
      </form>
      <FormError error={error} />
      <div>
        <Text size="sm" c="dimmed" mb="xs" aria-live="polite">
          {data ? t('review.count', { count: data.total }) : null}
        </Text>
        <ListStatus loading={loading && data === null} empty={!loading && data !== null && data.taxProfiles.length === 0} emptyText={t('review.none')} />
      </div>
      {data && data.taxProfiles.length > 0 ? (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover data-testid="tax-reviews-table" aria-busy={loading}>
            <Table.Thead>
              <Table.Tr>
                {(['partner', 'location', 'form', 'taxId', 'submitted', 'status'] as const).map((c) => (
                  <Table.Th key={c} scope="col">
                    {t(`review.columns.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.taxProfiles.map((p) => (
                <Table.Tr key={p.id} data-location={p.location.locationId} data-status={p.status}>
                  <Table.Td>
                    <Text style={keepWords}>{p.partner.legalName}</Text>
                    <Text size="sm">{p.partner.partnerId}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/tax-reviews/${p.id}`} fw={600} style={keepWords}>
                      {p.location.name}
                    </Anchor>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {p.location.locationId} · {p.location.country}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.form}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.taxId}</Table.Td>
                  <Table.Td>{formatDay(p.submittedAt, locale)}</Table.Td>
                  <Table.Td>
                    <TaxStatusBadge status={p.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {data ? <ListPagination total={data.total} pageSize={pageSize} page={page} onChange={setPage} /> : null}
    </Stack>
  );
}

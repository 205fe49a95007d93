import { Anchor, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { countryCodes } from '../../../../src/modules/partners/countries.ts';
import { api } from '../../api.ts';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { FormError } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn, type ProgramSummary } from '../programs/model.ts';
import { enrollmentStatuses, formatDay, type EnrollmentSummary } from './model.ts';
import { RunEligibility } from './RunEligibility.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const pageSize = 25;
// Korean names break between words, not inside them; a name longer than its column still wraps.
const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;
type Filter = 'status' | 'program' | 'country' | 'q';

export function EnrollmentsPage() {
  return (
    <RequirePermission permission="partners.read">
      <EnrollmentsList />
    </RequirePermission>
  );
}

/** The filters as the address holds them, so a filtered list can be linked and reloaded; odd values are ignored. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const program = params.get('program') ?? '';
  const country = params.get('country') ?? '';
  const filters = {
    status: (enrollmentStatuses as readonly string[]).includes(status) ? status : '',
    program: /^[A-Z0-9][A-Z0-9-]{1,39}$/.test(program) ? program : '',
    country: /^[A-Z]{2}$/.test(country) ? country : '',
    q: (params.get('q') ?? '').trim().slice(0, 200),
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
  };
  const update = (changes: Partial<Record<Filter | 'page', string>>, options: { replace?: boolean } = {}) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: options.replace ?? false },
    );
  return { filters, update, clear: () => setParams(new URLSearchParams()) };
}

function EnrollmentsList() {
  const { t, i18n } = useTranslation(['enrollments', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('enrollments:operator.title'));
  const { can } = useSession();
  const { filters, update, clear } = useFilters();
  const { search: listAddress } = useLocation();
  const [search, setSearch] = useState(filters.q);
  const [debounced] = useDebouncedValue(search, 250);
  const [programs, setPrograms] = useState<ProgramSummary[]>([]);
  const [running, { open, close }] = useDisclosure(false);

  // Typing updates the address once it settles; the address changing elsewhere (back, clear) updates the box.
  useEffect(() => {
    if (debounced.trim() !== filters.q) update({ q: debounced.trim() }, { replace: true });
  }, [debounced]);
  useEffect(() => {
    if (filters.q !== search.trim()) setSearch(filters.q);
  }, [filters.q]);

  const query = useMemo(() => {
    const q = new URLSearchParams({ limit: String(pageSize), offset: String((filters.page - 1) * pageSize) });
    for (const key of ['status', 'program', 'country', 'q'] as const) if (filters[key]) q.set(key, filters[key]);
    return q.toString();
  }, [filters.status, filters.program, filters.country, filters.q, filters.page]);

  const { data, loading, error, reload } = useLoad<{ enrollments: EnrollmentSummary[]; total: number }>(`/api/v1/enrollments?${query}`);

  useEffect(() => {
    api<{ programs: ProgramSummary[] }>('/api/v1/programs').then((r) => setPrograms(r.programs), () => setPrograms([]));
  }, []);

  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const collator = new Intl.Collator(locale);
    return [...countryCodes].map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
  }, [locale]);

  const filtered = Boolean(filters.status || filters.program || filters.country || filters.q);
  const date = (d: string | null) => (d ? formatDate(d, locale) : '—');

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('enrollments:operator.title')}</Title>
          <Text mt="xs">{t('enrollments:operator.intro')}</Text>
        </div>
        {can('programs.manage') ? <Button onClick={open}>{t('enrollments:operator.run.open')}</Button> : null}
      </Group>
      <form role="search" aria-label={t('enrollments:operator.filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label={t('enrollments:operator.filters.search')}
            placeholder={t('enrollments:operator.filters.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <NativeSelect label={t('enrollments:operator.filters.status')} value={filters.status} onChange={(e) => update({ status: e.currentTarget.value })}>
            <option value="">{t('enrollments:operator.filters.anyStatus')}</option>
            {enrollmentStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`enrollments:status.${s}`)}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect label={t('enrollments:operator.filters.program')} value={filters.program} onChange={(e) => update({ program: e.currentTarget.value })}>
            <option value="">{t('enrollments:operator.filters.anyProgram')}</option>
            {programs.map((p) => (
              <option key={p.code} value={p.code}>
                {nameIn(p.name, locale)} ({p.code})
              </option>
            ))}
            {filters.program && !programs.some((p) => p.code === filters.program) ? <option value={filters.program}>{filters.program}</option> : null}
          </NativeSelect>
          <NativeSelect label={t('enrollments:operator.filters.country')} value={filters.country} onChange={(e) => update({ country: e.currentTarget.value })}>
            <option value="">{t('enrollments:operator.filters.anyCountry')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </NativeSelect>
        </SimpleGrid>
        {filtered ? (
          <Group mt="sm">
            <Button variant="default" onClick={clear}>
              {t('enrollments:operator.filters.clear')}
            </Button>
          </Group>
        ) : null}
      </form>
      <FormError error={error} />
      <div>
        <Text size="sm" c="dimmed" mb="xs" aria-live="polite">
          {data ? t('enrollments:operator.count', { count: data.total }) : null}
        </Text>
        <ListStatus loading={loading && data === null} empty={!loading && data !== null && data.enrollments.length === 0} emptyText={t('enrollments:operator.none')} />
      </div>
      {data && data.enrollments.length > 0 ? (
        <Table.ScrollContainer minWidth={960}>
          <Table striped highlightOnHover data-testid="enrollments-table" aria-busy={loading}>
            <Table.Thead>
              <Table.Tr>
                {(['partner', 'location', 'country', 'program', 'status', 'statusChanged', 'earningsStart', 'earningsEnd'] as const).map((c) => (
                  <Table.Th key={c} scope="col">
                    {t(`enrollments:operator.columns.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.enrollments.map((e) => (
                <Table.Tr key={e.id} data-location={e.location.locationId} data-program={e.program.code} data-status={e.status}>
                  <Table.Td>
                    <Anchor component={Link} to={`/partners/${e.partner.partnerId}`} style={keepWords}>
                      {e.partner.legalName}
                    </Anchor>
                    <Text size="sm">{e.partner.partnerId}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/enrollments/${e.id}`} state={{ list: listAddress }} fw={600} style={keepWords}>
                      {e.location.name}
                    </Anchor>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{e.location.locationId}</Text>
                  </Table.Td>
                  <Table.Td>{e.location.country}</Table.Td>
                  <Table.Td>
                    <Text style={keepWords}>{nameIn(e.program.name, locale)}</Text>
                    <Text size="sm">{e.program.code}</Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.status} />
                  </Table.Td>
                  <Table.Td>{formatDay(e.statusChangedAt, locale)}</Table.Td>
                  <Table.Td>{date(e.earningsStart)}</Table.Td>
                  <Table.Td>{date(e.earningsEnd)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {data ? <ListPagination total={data.total} pageSize={pageSize} page={filters.page} onChange={(page) => update({ page: page > 1 ? String(page) : '' })} /> : null}
      <Modal opened={running} onClose={close} title={t('enrollments:operator.run.title')} size="lg">
        <RunEligibility onRan={reload} onClose={close} />
      </Modal>
    </Stack>
  );
}

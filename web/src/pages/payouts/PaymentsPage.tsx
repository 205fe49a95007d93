import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatMonth } from '../../../../src/i18n/format.ts';
import { monthPattern } from '../../../../src/modules/billing/months.ts';
import { ApiError } from '../../api.ts';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useLoad } from '../../useLoad.ts';
import { usePageTitle } from '../../usePageTitle.ts';
import { LoadState } from '../earnings/EarningsPage.tsx';
import { useLocale } from '../earnings/Money.tsx';
import { paymentStatuses, type PaymentPage, type PayoutStatus } from './model.ts';
import { PaymentsTable } from './PaymentsTable.tsx';
import { WhyNotPaid } from './WhyNotPaid.tsx';

const pageSize = 25;
const filterKeys = ['status', 'location', 'program', 'cycle'] as const;
type FilterKey = (typeof filterKeys)[number];

/** The last `count` months up to `last` (`YYYY-MM`), newest first. */
function monthsUpTo(last: string, count: number): string[] {
  const [year, month] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, back) => new Date(Date.UTC(year, month - 1 - back, 1)).toISOString().slice(0, 7));
}

/** The partner's payments: `/payments`. */
export function PaymentsPage() {
  return (
    <RequirePermission permission="incentives.read">
      <Payments />
    </RequirePermission>
  );
}

/** The filters and page as the address holds them; a value the page could not have put there is ignored. */
function useView() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => (params.get(key) ?? '').trim();
  const view = {
    status: (paymentStatuses as readonly string[]).includes(get('status')) ? get('status') : '',
    location: /^L-\d{1,12}$/.test(get('location')) ? get('location') : '',
    program: /^[A-Z0-9][A-Z0-9-]{1,39}$/.test(get('program')) ? get('program') : '',
    cycle: monthPattern.test(get('cycle')) ? get('cycle') : '',
    page: Math.max(1, Math.floor(Number(get('page'))) || 1),
  };
  const update = (changes: Partial<Record<FilterKey | 'page', string>>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  return { view, update };
}

function Payments() {
  const { t } = useTranslation('payouts');
  const locale = useLocale();
  usePageTitle(t('title'));
  const { view, update } = useView();
  const status = useLoad<PayoutStatus>('/api/v1/payouts/status');
  const filters = new URLSearchParams(filterKeys.filter((k) => view[k]).map((k) => [k, view[k]]));
  const exportFilters = new URLSearchParams(['cycle', 'location', 'program'].filter((k) => view[k as FilterKey]).map((k) => [k, view[k as FilterKey]]));
  const listQuery = new URLSearchParams(filters);
  listQuery.set('offset', String((view.page - 1) * pageSize));
  listQuery.set('limit', String(pageSize));
  const list = useLoad<PaymentPage>(`/api/v1/payments?${listQuery}`);
  const filtered = filterKeys.some((k) => view[k]);

  const options = useMemo(() => {
    const locations = new Map<string, string>();
    const programs = new Map<string, string>();
    for (const p of status.data?.pairs ?? []) {
      locations.set(p.location.locationId, p.location.name);
      programs.set(p.program.code, p.program.name);
    }
    return { locations: [...locations.entries()], programs: [...programs.entries()], months: monthsUpTo(status.data?.cycle ?? new Date().toISOString().slice(0, 7), 24) };
  }, [status.data]);
  const withCurrent = (list: [string, string][], current: string) => (current && !list.some(([k]) => k === current) ? [...list, [current, current] as [string, string]] : list);
  const select = (key: FilterKey) => (event: React.ChangeEvent<HTMLSelectElement>) => update({ [key]: event.currentTarget.value });
  const listError = list.error instanceof ApiError && list.error.errors.length > 0 ? list.error : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('title')}</Title>
        <Text mt="xs">{t('intro')}</Text>
      </div>
      {status.data ? <WhyNotPaid status={status.data} /> : <LoadState error={status.error} onRetry={status.reload} />}
      <Section id="payments" title={t('list.title')}>
        <form role="search" aria-label={t('list.filters')} onSubmit={(e) => e.preventDefault()} data-testid="payments-filters">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <NativeSelect label={t('filters.status')} value={view.status} onChange={select('status')}>
              <option value="">{t('filters.anyStatus')}</option>
              {paymentStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect label={t('filters.location')} value={view.location} onChange={select('location')}>
              <option value="">{t('filters.anyLocation')}</option>
              {withCurrent(options.locations, view.location).map(([id, name]) => (
                <option key={id} value={id}>
                  {name === id ? id : `${name} (${id})`}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect label={t('filters.program')} value={view.program} onChange={select('program')}>
              <option value="">{t('filters.anyProgram')}</option>
              {withCurrent(options.programs, view.program).map(([code, name]) => (
                <option key={code} value={code}>
                  {name === code ? code : `${name} (${code})`}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect label={t('filters.cycle')} value={view.cycle} onChange={select('cycle')}>
              <option value="">{t('filters.anyCycle')}</option>
              {(view.cycle && !options.months.includes(view.cycle) ? [view.cycle, ...options.months] : options.months).map((m) => (
                <option key={m} value={m}>
                  {formatMonth(m, locale)}
                </option>
              ))}
            </NativeSelect>
          </SimpleGrid>
          {filtered ? (
            <Button variant="subtle" mt="xs" onClick={() => update({ status: '', location: '', program: '', cycle: '' })}>
              {t('list.clear')}
            </Button>
          ) : null}
        </form>
        {list.error ? <LoadState error={list.error} onRetry={list.reload} /> : null}
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="payments-count">
          {list.data && !listError ? t('list.count', { count: list.data.total }) : null}
        </Text>
        {list.data === null && !list.error ? <LoadState error={null} onRetry={list.reload} /> : null}
        {list.data && list.data.total === 0 ? <Text>{filtered ? t('list.noMatch') : t('list.empty')}</Text> : null}
        {list.data && list.data.payments.length > 0 ? (
          <>
            <PaymentsTable payments={list.data.payments} busy={list.loading} detailPath={(id) => `/payments/${id}`} />
            <ListPagination total={list.data.total} pageSize={pageSize} page={view.page} onChange={(page) => update({ page: page > 1 ? String(page) : '' })} />
          </>
        ) : null}
        <Stack gap="xs" data-testid="payments-download">
          <Title order={3} size="h5">
            {t('download.title')}
          </Title>
          <Group gap="sm">
            <Button component="a" href={`/api/v1/payments.csv${exportFilters.size ? `?${exportFilters}` : ''}`} download variant="default">
              {t('download.payments')}
            </Button>
            <Button component="a" href={`/api/v1/holds.csv${exportFilters.size ? `?${exportFilters}` : ''}`} download variant="default">
              {t('download.holds')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('download.hint')}
          </Text>
        </Stack>
      </Section>
    </Stack>
  );
}

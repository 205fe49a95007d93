import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import type { IncentiveSummary } from '../incentives/model.ts';
import type { PartnerDetail } from '../partners/model.ts';
import { nameIn } from '../programs/model.ts';
import { EarningsDownload } from './EarningsDownload.tsx';
import { EarningsFilters, type FilterOptions } from './EarningsFilters.tsx';
import { EarningsTable } from './EarningsTable.tsx';
import { filterQuery, useEarningsView } from './filters.ts';
import { useLocale } from './Money.tsx';
import type { EarningsPage as EarningsList, EarningsSummary } from './model.ts';
import { SummaryCards } from './SummaryCards.tsx';
import { useLoad } from '../../useLoad.ts';

const pageSize = 25;
// The chart library is large: it loads with this page only, not with the portal.
const EarningsChart = lazy(() => import('./EarningsChart.tsx').then((m) => ({ default: m.EarningsChart })));

/** A partner's own earnings: `/earnings`. */
export function EarningsPage() {
  return (
    <RequirePermission permission="incentives.read">
      <PartnerEarnings />
    </RequirePermission>
  );
}

/** One partner's earnings as operators read them: `/partners/:partnerId/earnings`. */
export function PartnerEarningsPage() {
  return (
    <RequirePermission permission="partners.read">
      <OperatorEarnings />
    </RequirePermission>
  );
}

function PartnerEarnings() {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const incentives = useLoad<{ incentives: IncentiveSummary[] }>('/api/v1/incentives');
  const locations = useMemo(() => {
    const seen = new Map<string, { locationId: string; name: string }>();
    for (const i of incentives.data?.incentives ?? []) seen.set(i.location.locationId, { locationId: i.location.locationId, name: i.location.name });
    return [...seen.values()];
  }, [incentives.data]);
  const programs = useMemo(() => {
    const seen = new Map<string, { code: string; name: string }>();
    for (const i of incentives.data?.incentives ?? []) seen.set(i.program.code, { code: i.program.code, name: nameIn(i.program.name, locale) });
    return [...seen.values()];
  }, [incentives.data, locale]);
  return (
    <EarningsOverview
      base="/api/v1/earnings"
      detailPath={(id) => `/earnings/${id}`}
      title={t('title')}
      intro={t('intro')}
      locations={locations}
      programs={programs}
    />
  );
}

function OperatorEarnings() {
  const { t } = useTranslation(['earnings', 'partners']);
  const { partnerId = '' } = useParams();
  const partner = useLoad<PartnerDetail>(`/api/v1/partners/${encodeURIComponent(partnerId)}`);
  if (partner.error instanceof ApiError && (partner.error.status === 404 || partner.error.status === 400)) {
    return (
      <Stack>
        <Title order={1}>{t('partners:notFound')}</Title>
        <Anchor component={Link} to="/partners" size="sm">
          {t('partners:back')}
        </Anchor>
      </Stack>
    );
  }
  if (!partner.data) return <LoadState error={partner.error} onRetry={partner.reload} />;
  return (
    <EarningsOverview
      base={`/api/v1/partners/${encodeURIComponent(partnerId)}/earnings`}
      detailPath={(id) => `/partners/${encodeURIComponent(partnerId)}/earnings/${id}`}
      title={t('operatorTitle', { partner: partner.data.legalName })}
      intro={t('operatorIntro')}
      back={
        <Anchor component={Link} to={`/partners/${encodeURIComponent(partnerId)}`} size="sm">
          {t('backToPartner', { partner: partner.data.legalName })}
        </Anchor>
      }
      locations={partner.data.locations.map((l) => ({ locationId: l.locationId, name: l.name }))}
      programs={[]}
    />
  );
}

/** Loading, or what went wrong with a retry. */
export function LoadState({ error, onRetry }: { error: Error | null; onRetry(): void }) {
  const { t } = useTranslation('common');
  return (
    <div aria-live="polite">
      {error ? (
        <Alert color="red" title={t('loadFailed')} role="alert">
          <Stack gap="xs" align="flex-start">
            {error.message ? <Text size="sm">{error.message}</Text> : null}
            <Button variant="outline" color="red" onClick={onRetry}>
              {t('retry')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <Group gap="xs">
          <Loader size="sm" aria-hidden />
          <Text>{t('loading')}</Text>
        </Group>
      )}
    </div>
  );
}

function EarningsOverview({
  base,
  detailPath,
  title,
  intro,
  back,
  locations,
  programs,
}: {
  base: string;
  detailPath(id: string): string;
  title: string;
  intro: string;
  back?: React.ReactNode;
  locations: FilterOptions['locations'];
  programs: FilterOptions['programs'];
}) {
  const { t } = useTranslation('earnings');
  usePageTitle(title);
  const { view, update, clearFilters, filtered } = useEarningsView();
  const filters = filterQuery(view).toString();
  const listQuery = useMemo(() => {
    const q = filterQuery(view);
    q.set('sort', view.sort);
    q.set('direction', view.direction);
    q.set('page', String(view.page));
    q.set('pageSize', String(pageSize));
    return q.toString();
  }, [filters, view.sort, view.direction, view.page]);

  const everything = useLoad<EarningsSummary>(`${base}/summary`);
  const summary = useLoad<EarningsSummary>(filtered ? `${base}/summary?${filters}` : null);
  const shown = filtered ? summary : everything;
  const list = useLoad<EarningsList>(`${base}?${listQuery}`);

  // The options come from everything the reader can see, so choosing one never hides the others.
  const options = useMemo<FilterOptions>(() => {
    const levers = new Map<string, string[]>();
    for (const s of everything.data?.chart.series ?? []) {
      const known = levers.get(s.program) ?? [];
      if (!known.includes(s.lever)) levers.set(s.program, [...known, s.lever].sort());
    }
    const named = new Map(programs.map((p) => [p.code, p]));
    for (const p of everything.data?.chart.programs ?? []) if (!named.has(p.code)) named.set(p.code, p);
    for (const p of everything.data?.fiscalYear.programs ?? []) if (!named.has(p.code)) named.set(p.code, { code: p.code, name: p.name });
    return { locations, programs: [...named.values()].sort((a, b) => a.code.localeCompare(b.code)), levers };
  }, [everything.data, locations, programs]);

  // A page past the end (an old link, or fewer earnings since): the last page instead.
  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / pageSize)) : 1;
  useEffect(() => {
    if (list.data && list.data.total > 0 && view.page > lastPage) update({ page: lastPage > 1 ? String(lastPage) : '' }, { replace: true });
  }, [list.data, view.page, lastPage]);

  // The unfiltered summary names every program the reader has earnings under: none, no earnings yet.
  const nothingYet = everything.data !== null && everything.data.chart.programs.length === 0;
  // Filters the API refused are shown at their fields; the summary and the list wait for good ones.
  const listError = list.error instanceof ApiError && list.error.errors.length > 0 ? list.error : null;
  const summaryRefused = shown.error instanceof ApiError && shown.error.errors.length > 0;

  return (
    <Stack gap="lg">
      {back}
      <div>
        <Title order={1}>{title}</Title>
        <Text mt="xs">{intro}</Text>
      </div>
      {nothingYet ? (
        <Alert variant="light" color="accrue" title={t('empty.title')} data-testid="earnings-empty">
          {t('empty.body')}
        </Alert>
      ) : (
        <>
          {summaryRefused ? null : shown.data ? (
            <>
              <SummaryCards summary={shown.data} filtered={filtered} />
              <Suspense fallback={<LoadState error={null} onRetry={shown.reload} />}>
                <EarningsChart summary={shown.data} />
              </Suspense>
            </>
          ) : (
            <LoadState error={shown.error} onRetry={shown.reload} />
          )}
          <Section id="earnings-list" title={t('list.title')}>
            <EarningsFilters
              view={view}
              options={options}
              error={listError}
              onChange={(changes, replace) => update(changes, { replace: replace ?? false })}
              onClear={clearFilters}
              filtered={filtered}
            />
            {list.error && !listError ? <LoadState error={list.error} onRetry={list.reload} /> : null}
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="earnings-count">
              {list.data && !listError ? t('list.count', { count: list.data.total }) : null}
            </Text>
            {list.data === null && !list.error ? <LoadState error={null} onRetry={list.reload} /> : null}
            {list.data && !listError && list.data.total === 0 ? (
              <Stack gap="xs" align="flex-start" data-testid="earnings-no-match">
                <Text fw={600}>{t('list.noMatch')}</Text>
                <Text size="sm">{t('list.noMatchHint')}</Text>
                <Button variant="default" onClick={clearFilters}>
                  {t('filters.clear')}
                </Button>
              </Stack>
            ) : null}
            {list.data && !listError && list.data.earnings.length > 0 ? (
              <>
                <EarningsTable
                  earnings={list.data.earnings}
                  sort={view.sort}
                  direction={view.direction}
                  onSort={(sort, direction) => update({ sort, direction })}
                  detailPath={detailPath}
                  busy={list.loading}
                />
                <ListPagination total={list.data.total} pageSize={pageSize} page={view.page} onChange={(page) => update({ page: page > 1 ? String(page) : '' })} />
              </>
            ) : null}
            <EarningsDownload base={base} view={view} total={list.data && !listError ? list.data.total : null} />
          </Section>
        </>
      )}
    </Stack>
  );
}

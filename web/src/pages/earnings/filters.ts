import { useSearchParams } from 'react-router';
import { earningKinds, earningSorts, earningStatuses, type EarningKind, type EarningSort, type EarningStatus, type SortDirection } from './model.ts';
import { monthPattern as month } from '../../../../src/modules/billing/months.ts';

/** The list's filters, sort and page as the address holds them, so a view can be shared and returned to. */
export interface EarningsView {
  location: string;
  program: string;
  lever: string;
  /** Billed months, `YYYY-MM`, both inclusive. */
  from: string;
  to: string;
  customer: string;
  status: EarningStatus | '';
  kind: EarningKind | '';
  sort: EarningSort;
  direction: SortDirection;
  page: number;
}

export type FilterKey = 'location' | 'program' | 'lever' | 'from' | 'to' | 'customer' | 'status' | 'kind';
export const filterKeys: FilterKey[] = ['location', 'program', 'lever', 'from', 'to', 'customer', 'status', 'kind'];
export const defaultSort: { sort: EarningSort; direction: SortDirection } = { sort: 'billed_month', direction: 'desc' };

const code = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** Reads the address; a value the list could not have put there is ignored rather than sent. */
export function viewOf(params: URLSearchParams): EarningsView {
  const get = (key: string) => (params.get(key) ?? '').trim();
  const pick = <T extends string>(value: string, allowed: readonly T[]): T | '' => ((allowed as readonly string[]).includes(value) ? (value as T) : '');
  const sort = pick(get('sort'), earningSorts) || defaultSort.sort;
  const direction = pick(get('direction'), ['asc', 'desc'] as const) || (get('sort') ? 'asc' : defaultSort.direction);
  return {
    location: /^L-\d{1,12}$/.test(get('location')) ? get('location') : '',
    program: code.test(get('program')) ? get('program') : '',
    lever: code.test(get('lever')) ? get('lever') : '',
    from: month.test(get('from')) ? get('from') : '',
    to: month.test(get('to')) ? get('to') : '',
    customer: get('customer').slice(0, 200),
    status: pick(get('status'), earningStatuses),
    kind: pick(get('kind'), earningKinds),
    sort,
    direction,
    page: Math.max(1, Math.floor(Number(get('page'))) || 1),
  };
}

export function useEarningsView() {
  const [params, setParams] = useSearchParams();
  const view = viewOf(params);
  /** Changes some of the view; any change but the page's starts again at page 1. */
  const update = (changes: Partial<Record<FilterKey | 'sort' | 'direction' | 'page', string>>, options: { replace?: boolean } = {}) =>
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
  const clearFilters = () =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const key of [...filterKeys, 'page']) next.delete(key);
      return next;
    });
  const filtered = filterKeys.some((key) => view[key] !== '');
  return { view, update, clearFilters, filtered };
}

/** The filters as the API's query string. */
export function filterQuery(view: EarningsView): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of filterKeys) if (view[key]) q.set(key, view[key]);
  return q;
}

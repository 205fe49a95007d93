import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMonth } from '../../../../src/i18n/format.ts';
import { ApiError } from '../../api.ts';
import type { EarningsView, FilterKey } from './filters.ts';
import { useLocale } from './Money.tsx';
import { earningKinds, earningStatuses } from './model.ts';

/** Billed months offered by the month filters: these many, up to the current one. */
const monthsOffered = 60;

/** The last `count` months, `YYYY-MM`, newest first. */
function recentMonths(count: number, now = new Date()): string[] {
  return Array.from({ length: count }, (_, back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
}

export interface FilterOptions {
  locations: { locationId: string; name: string }[];
  programs: { code: string; name: string }[];
  /** Lever codes per program code. */
  levers: Map<string, string[]>;
}

/** The list's filters; each applies as soon as it changes (the customer once typing settles). */
export function EarningsFilters({
  view,
  options,
  error,
  onChange,
  onClear,
  filtered,
}: {
  view: EarningsView;
  options: FilterOptions;
  error: Error | null;
  onChange(changes: Partial<Record<FilterKey, string>>, replace?: boolean): void;
  onClear(): void;
  filtered: boolean;
}) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const [customer, setCustomer] = useState(view.customer);
  const [debounced] = useDebouncedValue(customer, 300);
  useEffect(() => {
    if (debounced.trim() !== view.customer) onChange({ customer: debounced.trim() }, true);
  }, [debounced]);
  useEffect(() => {
    if (view.customer !== customer.trim()) setCustomer(view.customer);
  }, [view.customer]);

  const fieldError = (field: FilterKey) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  const levers = view.program
    ? (options.levers.get(view.program) ?? [])
    : [...new Set([...options.levers.values()].flat())].sort();
  const withCurrent = <T extends string>(list: T[], current: string) => (current && !list.includes(current as T) ? [...list, current as T] : list);
  const months = useMemo(() => recentMonths(monthsOffered), []);
  const select = (key: FilterKey) => (event: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>) => onChange({ [key]: event.currentTarget.value });

  return (
    <form role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()} data-testid="earnings-filters">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <NativeSelect label={t('filters.location')} value={view.location} onChange={select('location')} error={fieldError('location')}>
          <option value="">{t('filters.anyLocation')}</option>
          {withCurrent(
            options.locations.map((l) => l.locationId),
            view.location,
          ).map((id) => {
            const location = options.locations.find((l) => l.locationId === id);
            return (
              <option key={id} value={id}>
                {location ? `${location.name} (${id})` : id}
              </option>
            );
          })}
        </NativeSelect>
        <NativeSelect
          label={t('filters.program')}
          value={view.program}
          onChange={(e) => {
            const program = e.currentTarget.value;
            // A lever the new program does not have would select nothing.
            const keepLever = !program || !view.lever || (options.levers.get(program) ?? []).includes(view.lever);
            onChange({ program, ...(keepLever ? {} : { lever: '' }) });
          }}
          error={fieldError('program')}
        >
          <option value="">{t('filters.anyProgram')}</option>
          {withCurrent(
            options.programs.map((p) => p.code),
            view.program,
          ).map((code) => {
            const program = options.programs.find((p) => p.code === code);
            return (
              <option key={code} value={code}>
                {program ? `${program.name} (${code})` : code}
              </option>
            );
          })}
        </NativeSelect>
        <NativeSelect label={t('filters.lever')} value={view.lever} onChange={select('lever')} error={fieldError('lever')}>
          <option value="">{t('filters.anyLever')}</option>
          {withCurrent(levers, view.lever).map((lever) => (
            <option key={lever} value={lever}>
              {lever}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('filters.status')} value={view.status} onChange={select('status')} error={fieldError('status')}>
          <option value="">{t('filters.anyStatus')}</option>
          {earningStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('filters.from')} value={view.from} onChange={select('from')} error={fieldError('from')}>
          <option value="">{t('filters.anyMonth')}</option>
          {withCurrent(months, view.from).map((month) => (
            <option key={month} value={month} disabled={Boolean(view.to) && month > view.to}>
              {formatMonth(month, locale)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('filters.to')} value={view.to} onChange={select('to')} error={fieldError('to')}>
          <option value="">{t('filters.anyMonth')}</option>
          {withCurrent(months, view.to).map((month) => (
            <option key={month} value={month} disabled={Boolean(view.from) && month < view.from}>
              {formatMonth(month, locale)}
            </option>
          ))}
        </NativeSelect>
        <TextInput
          label={t('filters.customer')}
          value={customer}
          maxLength={100}
          onChange={(e) => setCustomer(e.currentTarget.value)}
          error={fieldError('customer')}
        />
        <NativeSelect label={t('filters.kind')} value={view.kind} onChange={select('kind')} error={fieldError('kind')}>
          <option value="">{t('filters.anyKind')}</option>
          {earningKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </NativeSelect>
      </SimpleGrid>
      {filtered ? (
        <Group mt="sm">
          <Button variant="default" onClick={onClear}>
            {t('filters.clear')}
          </Button>
        </Group>
      ) : null}
    </form>
  );
}

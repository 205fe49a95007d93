import { Group, NativeSelect, Text } from '@mantine/core';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A month (`YYYY-MM`, or '' for none) as a month and a year to choose, named in the reader's
 * language and in the order the language writes them. The browser's own month field is drawn in
 * the browser's language, and some browsers have none.
 */
export function MonthField({
  label,
  description,
  value,
  onChange,
  error,
  required,
}: {
  label: string;
  description?: string;
  value: string;
  onChange(month: string): void;
  error?: string | undefined;
  required?: boolean;
}) {
  const { t, i18n } = useTranslation('billing');
  const locale = i18n.language;
  const id = useId();
  // A year or month chosen alone is kept here until the other is chosen too.
  const [year, setYear] = useState(value.slice(0, 4));
  const [month, setMonth] = useState(value.slice(5, 7));
  useEffect(() => {
    if (value || (year && month)) {
      setYear(value.slice(0, 4));
      setMonth(value.slice(5, 7));
    }
  }, [value]);

  const months = useMemo(() => {
    const name = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
    return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1).padStart(2, '0'), label: name.format(new Date(Date.UTC(2000, i, 1))) }));
  }, [locale]);
  const years = useMemo(() => {
    const current = new Date().getUTCFullYear();
    const list = Array.from({ length: 12 }, (_, i) => String(current + 1 - i));
    if (year && !list.includes(year)) list.push(year);
    return list;
  }, [year]);
  const yearFirst = !locale.startsWith('en');

  const choose = (nextYear: string, nextMonth: string) => {
    setYear(nextYear);
    setMonth(nextMonth);
    onChange(nextYear && nextMonth ? `${nextYear}-${nextMonth}` : '');
  };
  const describedBy = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { error: Boolean(error), 'aria-describedby': describedBy, w: 150 } as const;

  const monthSelect = (
    <NativeSelect key="month" aria-label={t('monthField.month')} value={month} onChange={(e) => choose(year, e.currentTarget.value)} {...common}>
      <option value="">—</option>
      {months.map((m) => (
        <option key={m.value} value={m.value}>
          {m.label}
        </option>
      ))}
    </NativeSelect>
  );
  const yearSelect = (
    <NativeSelect key="year" aria-label={t('monthField.year')} value={year} onChange={(e) => choose(e.currentTarget.value, month)} w={110} error={common.error} aria-describedby={describedBy}>
      <option value="">—</option>
      {years.map((y) => (
        <option key={y} value={y}>
          {y}
        </option>
      ))}
    </NativeSelect>
  );
  return (
    <fieldset className="month-field" aria-describedby={describedBy}>
      <Text component="legend" size="sm" fw={500} mb={description ? 0 : 5}>
        {label}
        {required ? (
          <Text component="span" c="var(--mantine-color-error)" aria-hidden>
            {' *'}
          </Text>
        ) : null}
      </Text>
      {description ? (
        <Text id={`${id}-description`} size="xs" c="dimmed" mb={5}>
          {description}
        </Text>
      ) : null}
      <Group gap="xs" wrap="nowrap">
        {yearFirst ? [yearSelect, monthSelect] : [monthSelect, yearSelect]}
      </Group>
      {error ? (
        <Text id={`${id}-error`} size="xs" c="var(--mantine-color-error)" mt={5}>
          {error}
        </Text>
      ) : null}
    </fieldset>
  );
}

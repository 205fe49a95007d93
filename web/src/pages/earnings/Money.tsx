import { Stack, Text, type TextProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDecimal, formatMoney } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale, type Locale } from '../../../../src/i18n/locales.ts';
import { minorUnits } from '../../../../src/modules/money/currency.ts';
import type { Money } from './model.ts';

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : defaultLocale;
}

/** Amounts in several currencies, one line each (amounts of different currencies are never added). */
export function MoneyLines({ amounts, size, fw, empty }: { amounts: Money[]; size?: TextProps['size']; fw?: number; empty?: string }) {
  const locale = useLocale();
  if (amounts.length === 0) {
    return (
      <Text size={size} fw={fw}>
        {empty ?? '—'}
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      {amounts.map((m) => (
        <Text key={m.currency} size={size} fw={fw} data-currency={m.currency} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatMoney(m.amount, m.currency, locale)}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * An earning rounded to its currency's minor unit for reading, with every digit it carries when
 * rounding hid some (an earning is amount × rate, exact to 10 places).
 */
export function ExactMoney({ amount, currency, stacked = false }: { amount: string; currency: string; stacked?: boolean }) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const rounded = formatMoney(amount, currency, locale);
  const fraction = amount.split('.')[1] ?? '';
  const hidden = fraction.replace(/0+$/, '').length > minorUnits(currency);
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums' }}>
      {rounded}
      {hidden ? (
        <Text component="span" size={stacked ? 'xs' : 'sm'} c="dimmed" display={stacked ? 'block' : 'inline'}>
          {stacked ? null : ' '}
          {t('exactly', { value: `${formatDecimal(amount, locale)} ${currency}` })}
        </Text>
      ) : null}
    </span>
  );
}

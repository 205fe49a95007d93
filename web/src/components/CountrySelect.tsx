import { NativeSelect } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countryCodes } from '../../../src/modules/partners/countries.ts';

/** Countries by their name in the reader's language, with the ISO code the API takes as the value. */
export function CountrySelect({ label, value, onChange, error }: { label: string; value: string; onChange(code: string): void; error?: string }) {
  const { i18n } = useTranslation();
  const options = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region', fallback: 'code' });
    return [...countryCodes]
      .map((code) => ({ code, label: `${names.of(code) ?? code} (${code})` }))
      .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  }, [i18n.language]);
  return (
    <NativeSelect label={label} required value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error}>
      {value === '' ? <option value="" /> : null}
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.label}
        </option>
      ))}
    </NativeSelect>
  );
}

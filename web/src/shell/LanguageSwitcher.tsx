import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale, locales } from '../../../src/i18n/locales.ts';
import { switchLocale } from '../i18n.ts';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  return (
    <NativeSelect
      aria-label={t('language.label')}
      value={i18n.language}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (isLocale(value)) void switchLocale(value);
      }}
      size="sm"
      w={130}
      data-testid="language-switcher"
    >
      {locales.map((locale) => (
        <option key={locale} value={locale} lang={locale}>
          {t(`language.${locale}`)}
        </option>
      ))}
    </NativeSelect>
  );
}

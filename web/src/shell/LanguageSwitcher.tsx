import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale, locales } from '../../../src/i18n/locales.ts';
import { api } from '../api.ts';
import { switchLocale } from '../i18n.ts';
import { useSession } from '../session.tsx';

/** Switches the language at once; for a signed-in user it also becomes their setting. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  const { session } = useSession();
  return (
    <NativeSelect
      aria-label={t('language.label')}
      value={i18n.language}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (!isLocale(value)) return;
        void switchLocale(value);
        if (session?.signedIn && session.stage === 'active') void api('/api/v1/me', { method: 'PATCH', json: { locale: value } });
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

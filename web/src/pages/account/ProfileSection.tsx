import { Button, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultLocale, isLocale, locales, type Locale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { switchLocale } from '../../i18n.ts';
import { useSession } from '../../session.tsx';
import { Done, Section } from './Section.tsx';

/** Name and language; a new language applies to the portal at once. */
export function ProfileSection() {
  const { t, i18n } = useTranslation(['account', 'common']);
  const { session, refresh } = useSession();
  const user = session!.user!;
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState<Locale>(isLocale(user.locale) ? user.locale : defaultLocale);
  const [saved, setSaved] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() => api<void>('/api/v1/me', { method: 'PATCH', json: { name: name.trim(), locale } }));

  return (
    <Section id="profile" title={t('account:profile.title')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setSaved(false);
          const result = await submit();
          if (!result.ok) return;
          if (locale !== i18n.language) await switchLocale(locale);
          await refresh();
          setSaved(true);
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" maw={760}>
            <TextInput
              label={t('account:profile.name')}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError('name')}
            />
            <NativeSelect
              label={t('account:profile.language')}
              description={t('account:profile.languageHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={locale}
              onChange={(e) => {
                const value = e.currentTarget.value;
                if (isLocale(value)) setLocale(value);
              }}
              error={fieldError('locale')}
            >
              {locales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`common:language.${l}`)}
                </option>
              ))}
            </NativeSelect>
          </SimpleGrid>
          <FormError error={error} />
          {saved ? <Done>{t('account:profile.saved')}</Done> : null}
          <div>
            <Button type="submit" loading={pending}>
              {t('account:profile.save')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}

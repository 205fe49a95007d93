import { Button, Fieldset, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { partnerPath, type PartnerDetail } from './model.ts';

/** A new partner organization (with an optional first Global admin), or an existing one's master data. */
export function PartnerForm({ partner, onDone }: { partner: PartnerDetail | null; onDone(partner: PartnerDetail): void }) {
  const { t } = useTranslation(['partners', 'common']);
  const [legalName, setLegalName] = useState(partner?.legalName ?? '');
  const [country, setCountry] = useState(partner?.country ?? '');
  const [language, setLanguage] = useState(partner?.language ?? 'en');
  const [partnerId, setPartnerId] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [adminName, setAdminName] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() => {
    if (partner) return api<PartnerDetail>(partnerPath(partner.partnerId), { method: 'PATCH', json: { legalName, country, language } });
    const optional = { partnerId: partnerId.trim(), adminEmail: adminEmail.trim(), adminName: adminName.trim() };
    return api<PartnerDetail>('/api/v1/partners', {
      json: { legalName, country, language, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== '')) },
    });
  });
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onDone(result.value);
      }}
    >
      <Stack>
        <TextInput label={t('partners:fields.legalName')} required value={legalName} onChange={(e) => setLegalName(e.currentTarget.value)} error={fieldError('legalName')} data-autofocus />
        <CountrySelect label={t('partners:fields.country')} value={country} onChange={setCountry} error={fieldError('country')} />
        <NativeSelect label={t('partners:fields.language')} value={language} onChange={(e) => setLanguage(e.currentTarget.value)} error={fieldError('language')}>
          {locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`common:language.${l}`)}
            </option>
          ))}
        </NativeSelect>
        {partner ? null : (
          <>
            <TextInput
              label={t('partners:fields.partnerId')}
              description={t('partners:fields.partnerIdHint')}
              placeholder="P-1000042"
              value={partnerId}
              onChange={(e) => setPartnerId(e.currentTarget.value)}
              error={fieldError('partnerId')}
            />
            <Fieldset legend={t('partners:fields.admin')} variant="unstyled">
              <Stack gap="xs">
                <Text size="sm" c="dimmed">
                  {t('partners:fields.adminHint')}
                </Text>
                <TextInput label={t('partners:fields.adminEmail')} type="email" value={adminEmail} onChange={(e) => setAdminEmail(e.currentTarget.value)} error={fieldError('adminEmail')} />
                <TextInput label={t('partners:fields.adminName')} value={adminName} onChange={(e) => setAdminName(e.currentTarget.value)} error={fieldError('adminName')} />
              </Stack>
            </Fieldset>
          </>
        )}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {partner ? t('partners:dialogs.save') : t('partners:dialogs.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Button, Group, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { partnerPath, partnerTypes, type Location } from './model.ts';

/** A new location of the partner (numbered by the server), or an existing one's details. */
export function LocationForm({ partnerId, location, defaultCountry, onDone }: { partnerId: string; location: Location | null; defaultCountry: string; onDone(location: Location): void }) {
  const { t } = useTranslation('partners');
  const [name, setName] = useState(location?.name ?? '');
  const [country, setCountry] = useState(location?.country ?? defaultCountry);
  const [address, setAddress] = useState(location?.address ?? '');
  const [partnerType, setPartnerType] = useState<string>(location?.partnerType ?? partnerTypes[0]);
  const { submit, pending, error, fieldError } = useSubmit(() => {
    const json = { name, country, address, partnerType };
    return location
      ? api<Location>(`${partnerPath(partnerId)}/locations/${location.locationId}`, { method: 'PATCH', json })
      : api<Location>(`${partnerPath(partnerId)}/locations`, { json });
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
        <TextInput label={t('fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
        <CountrySelect label={t('fields.country')} value={country} onChange={setCountry} error={fieldError('country')} />
        <Textarea label={t('fields.address')} autosize minRows={2} value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={fieldError('address')} />
        <NativeSelect label={t('fields.partnerType')} value={partnerType} onChange={(e) => setPartnerType(e.currentTarget.value)} error={fieldError('partnerType')}>
          {partnerTypes.map((type) => (
            <option key={type} value={type}>
              {t(`partnerType.${type}`)}
            </option>
          ))}
        </NativeSelect>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {location ? t('dialogs.save') : t('dialogs.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

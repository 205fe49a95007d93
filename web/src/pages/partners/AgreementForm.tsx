import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { agreementStatuses, agreementTypes, partnerPath, todayIso, type Agreement, type PartnerDetail } from './model.ts';
import { PeriodFields } from './PeriodFields.tsx';

/** A new agreement (of the whole organization or one location), or an existing one's status and period. */
export function AgreementForm({ partner, agreement, onDone }: { partner: PartnerDetail; agreement: Agreement | null; onDone(agreement: Agreement): void }) {
  const { t } = useTranslation('partners');
  const [type, setType] = useState<string>(agreement?.type ?? agreementTypes[0]);
  const [locationId, setLocationId] = useState(agreement?.locationId ?? '');
  const [status, setStatus] = useState<string>(agreement?.status ?? 'active');
  const [period, setPeriod] = useState({ validFrom: agreement?.validFrom ?? todayIso(), validTo: agreement?.validTo ?? '' });
  const { submit, pending, error, fieldError } = useSubmit(() => {
    const common = { status, validFrom: period.validFrom, validTo: period.validTo || null };
    return agreement
      ? api<Agreement>(`${partnerPath(partner.partnerId)}/agreements/${agreement.id}`, { method: 'PATCH', json: common })
      : api<Agreement>(`${partnerPath(partner.partnerId)}/agreements`, { json: { ...common, type, locationId: locationId || null } });
  });
  const scope = (id: string | null) => (id ? `${id} · ${partner.locations.find((l) => l.locationId === id)?.name ?? ''}` : t('wholeOrganization'));
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
        {agreement ? (
          <Text>
            {t(`agreementType.${agreement.type}`)} · {scope(agreement.locationId)}
          </Text>
        ) : (
          <>
            <NativeSelect label={t('fields.type')} value={type} onChange={(e) => setType(e.currentTarget.value)} error={fieldError('type')} data-autofocus>
              {agreementTypes.map((v) => (
                <option key={v} value={v}>
                  {t(`agreementType.${v}`)}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect label={t('fields.appliesTo')} value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)} error={fieldError('locationId')}>
              <option value="">{t('wholeOrganization')}</option>
              {partner.locations
                .filter((l) => !l.archived)
                .map((l) => (
                  <option key={l.locationId} value={l.locationId}>
                    {scope(l.locationId)}
                  </option>
                ))}
            </NativeSelect>
          </>
        )}
        <NativeSelect label={t('fields.status')} value={status} onChange={(e) => setStatus(e.currentTarget.value)} error={fieldError('status')} {...(agreement ? { 'data-autofocus': true } : {})}>
          {agreementStatuses.map((v) => (
            <option key={v} value={v}>
              {t(`agreementStatus.${v}`)}
            </option>
          ))}
        </NativeSelect>
        <PeriodFields {...period} onChange={setPeriod} fieldError={fieldError} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {agreement ? t('dialogs.save') : t('dialogs.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Checkbox, Group, Loader, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { taxForms, type LocationTaxProfile, type TaxForm } from './model.ts';

interface Values {
  form: TaxForm;
  legalName: string;
  address: string;
  country: string;
  taxId: string;
  claimTreaty: boolean;
  treatyCountry: string;
  treatyRate: string;
  signedOn: string;
}

const hintKey = (country: string) => (['US', 'KR', 'TW'].includes(country) ? country : 'other');

/**
 * Submits or edits a location's tax form. Editing loads the form through the audited endpoint, the
 * only place the full tax id is shown; the fields follow the form type.
 */
export function TaxFormEditor({ entry, onSaved, onCancel }: { entry: LocationTaxProfile; onSaved(result: LocationTaxProfile): void; onCancel(): void }) {
  const { t, i18n } = useTranslation('tax');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const existing = entry.profile;
  const [values, setValues] = useState<Values | null>(
    existing
      ? null
      : {
          form: entry.requiredForm,
          legalName: '',
          address: '',
          country: entry.location.country,
          taxId: '',
          claimTreaty: false,
          treatyCountry: entry.location.country,
          treatyRate: '',
          signedOn: '',
        },
  );
  const [version, setVersion] = useState<number | undefined>(existing?.version);
  const [loadError, setLoadError] = useState<Error | null>(null);

  useEffect(() => {
    if (!existing) return;
    api<LocationTaxProfile & { taxId: string }>(`/api/v1/tax-profiles/${encodeURIComponent(entry.location.locationId)}/edit`).then(
      (loaded) => {
        const p = loaded.profile!;
        setVersion(p.version);
        setValues({
          form: p.form,
          legalName: p.legalName,
          address: p.address,
          country: p.country,
          taxId: loaded.taxId,
          claimTreaty: p.treaty !== null,
          treatyCountry: p.treaty?.country ?? p.country,
          treatyRate: p.treaty ? p.treaty.rate.replace(/\.?0+$/, '') : '',
          signedOn: p.signedOn,
        });
      },
      (failure: Error) => setLoadError(failure),
    );
  }, []);

  const { submit, pending, error } = useSubmit(() =>
    api<LocationTaxProfile>(`/api/v1/tax-profiles/${encodeURIComponent(entry.location.locationId)}`, {
      method: 'PUT',
      json: {
        form: values!.form,
        legalName: values!.legalName,
        address: values!.address,
        country: values!.country,
        taxId: values!.taxId,
        treaty: values!.form === 'W-8BEN-E' && values!.claimTreaty ? { country: values!.treatyCountry, rate: values!.treatyRate.trim() } : null,
        signedOn: values!.signedOn,
        ...(version !== undefined ? { expectedVersion: version } : {}),
      },
    }),
  );

  if (loadError) return <FormError error={loadError} />;
  if (!values) return <Loader size="sm" aria-label={t('form.loading')} />;
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues({ ...values, [key]: value });

  /** The message for a field in the reader's language: our catalog's words for the rule, else the server's. */
  const errorFor = (field: string): string | undefined => {
    if (!(error instanceof ApiError)) return undefined;
    const found = error.errors.find((e) => e.field === `body.${field}`);
    if (!found) return undefined;
    const key = `rule.${found.rule}`;
    if (!i18n.exists(`tax:${key}`)) return error.fieldError(field);
    const year = Number(values.signedOn.slice(0, 4));
    return t(key, {
      hint: t(`form.taxIdHint.${hintKey(values.country)}`),
      expiresOn: Number.isFinite(year) ? formatDate(`${year + 3}-12-31`, locale) : '',
    });
  };
  const w8 = values.form === 'W-8BEN-E';

  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onSaved(result.value);
      }}
    >
      <Stack gap="sm">
        <NativeSelect
          label={t('form.type')}
          description={t('form.typeHint', { form: entry.requiredForm })}
          value={values.form}
          onChange={(e) => set('form', e.currentTarget.value as TaxForm)}
          error={errorFor('form')}
          data-autofocus
        >
          {taxForms.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </NativeSelect>
        <Text size="sm">{t(w8 ? 'form.w8Intro' : 'form.w9Intro')}</Text>
        <TextInput label={t('form.legalName')} required maxLength={200} value={values.legalName} onChange={(e) => set('legalName', e.currentTarget.value)} error={errorFor('legalName')} />
        <Textarea label={t('form.address')} required autosize minRows={2} maxLength={500} value={values.address} onChange={(e) => set('address', e.currentTarget.value)} error={errorFor('address')} />
        <CountrySelect label={t('form.country')} value={values.country} onChange={(code) => set('country', code)} error={errorFor('country')} />
        <TextInput
          label={t(w8 ? 'form.taxId' : 'form.taxIdEin')}
          description={[t(`form.taxIdHint.${hintKey(values.country)}`), existing ? t('form.taxIdShown') : ''].filter(Boolean).join(' ')}
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={60}
          value={values.taxId}
          onChange={(e) => set('taxId', e.currentTarget.value)}
          error={errorFor('taxId')}
        />
        {w8 ? (
          <>
            <Checkbox label={t('form.treatyClaim')} checked={values.claimTreaty} onChange={(e) => set('claimTreaty', e.currentTarget.checked)} error={errorFor('treaty')} />
            {values.claimTreaty ? (
              <Group grow align="flex-start">
                <CountrySelect label={t('form.treatyCountry')} value={values.treatyCountry} onChange={(code) => set('treatyCountry', code)} error={errorFor('treaty.country')} />
                <TextInput
                  label={t('form.treatyRate')}
                  description={t('form.treatyRateHint')}
                  required
                  inputMode="decimal"
                  maxLength={10}
                  value={values.treatyRate}
                  onChange={(e) => set('treatyRate', e.currentTarget.value)}
                  error={errorFor('treaty.rate')}
                />
              </Group>
            ) : null}
          </>
        ) : null}
        <TextInput
          type="date"
          label={t('form.signedOn')}
          description={t('form.signedOnHint')}
          required
          value={values.signedOn}
          onChange={(e) => set('signedOn', e.currentTarget.value)}
          error={errorFor('signedOn')}
        />
        {existing ? (
          <Alert variant="light" color="gray">
            {t('form.resubmitNote')}
          </Alert>
        ) : null}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

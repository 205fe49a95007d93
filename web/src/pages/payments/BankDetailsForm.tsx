import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bankScheme } from '../../../../src/modules/profiles/validators.ts';
import { api } from '../../api.ts';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { useReauthenticated } from '../../components/ReauthDialog.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { fieldMessage, schemeFields, type BankChange, type PaymentProfile } from './model.ts';

type Field = 'iban' | 'bic' | 'accountNumber' | 'routingNumber';

export const currencyList = (text: string) =>
  text
    .split(/[\s,;、，]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

/**
 * New bank details: for a new profile (with its name and currencies) or for an existing one. The
 * fields follow the bank country's scheme; the password is asked for again when needed. Nothing
 * takes effect until a second admin (or the mailed link) confirms.
 */
export function BankDetailsForm({ profile, onDone, onCancel }: { profile: PaymentProfile | null; onDone(result: { confirmation: 'admin' | 'link'; change: BankChange }): void; onCancel(): void }) {
  const { t, i18n } = useTranslation(['payments', 'common']);
  const { run, dialog } = useReauthenticated();
  const [name, setName] = useState('');
  const [currencies, setCurrencies] = useState('');
  const [bankCountry, setBankCountry] = useState(profile?.bankCountry ?? '');
  const [accountHolder, setAccountHolder] = useState(profile?.accountHolder ?? '');
  const [values, setValues] = useState<Record<Field, string>>({ iban: '', bic: profile?.bic ?? '', accountNumber: '', routingNumber: profile?.routingNumber ?? '' });
  const scheme = /^[A-Z]{2}$/.test(bankCountry) ? bankScheme(bankCountry) : null;
  const fields = scheme ? schemeFields[scheme] : [];

  // Changing a profile starts from its current details, which only this form shows in full.
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    if (!profile) return;
    run(() => api<{ account: string }>(`/api/v1/payment-profiles/${profile.id}/edit`)).then(
      (r) => setCurrent(r.account),
      () => setCurrent(null),
    );
  }, [profile?.id]);

  const { submit, pending, error } = useSubmit(() =>
    run(() =>
      api<{ confirmation: 'admin' | 'link'; change: BankChange }>('/api/v1/bank-changes', {
        json: {
          ...(profile ? { paymentProfileId: profile.id } : { name: name.trim(), acceptedCurrencies: currencyList(currencies) }),
          bankCountry,
          accountHolder,
          ...Object.fromEntries(fields.map((f) => [f, values[f].trim()]).filter(([, v]) => v !== '')),
        },
      }),
    ),
  );
  const message = (field: string) => fieldMessage(error, field, t, (key) => i18n.exists(key));
  const set = (field: Field) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  return (
    <>
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onDone(result.value);
      }}
    >
      <Stack gap="sm">
        <Alert color="accrue" variant="light">
          {t('form.dualControl')}
        </Alert>
        {profile && current ? (
          <Text size="sm">
            {t('form.current')}: <Text span ff="monospace">{current}</Text>
          </Text>
        ) : null}
        {!profile ? (
          <>
            <TextInput label={t('fields.name')} description={t('form.nameHint')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={message('name')} maxLength={100} />
            <TextInput
              label={t('fields.currencies')}
              description={t('form.currenciesHint')}
              required
              value={currencies}
              onChange={(e) => setCurrencies(e.currentTarget.value)}
              error={message('acceptedCurrencies')}
            />
          </>
        ) : null}
        <CountrySelect label={t('fields.bankCountry')} value={bankCountry} onChange={setBankCountry} error={message('bankCountry')} />
        {scheme ? <Text size="sm">{t(`form.scheme.${scheme}`)}</Text> : null}
        <TextInput label={t('fields.accountHolder')} required value={accountHolder} onChange={(e) => setAccountHolder(e.currentTarget.value)} error={message('accountHolder')} maxLength={200} />
        {fields.map((field) => (
          <TextInput
            key={field}
            label={t(`fields.${field}`)}
            description={t(`form.hint.${field}`)}
            required
            autoComplete="off"
            spellCheck={false}
            value={values[field]}
            onChange={set(field)}
            error={message(field)}
            maxLength={64}
            data-field={field}
          />
        ))}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={pending} disabled={!scheme}>
            {t('form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
    {dialog}
    </>
  );
}

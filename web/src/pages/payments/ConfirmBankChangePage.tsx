import { Alert, Anchor, Button, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession } from '../../session.tsx';
import { AuthCard, linkToken } from '../auth/AuthCard.tsx';
import type { BankDetailsView } from './model.ts';
import { BankDetailsList } from './PaymentProfilesPage.tsx';

interface LinkChange extends BankDetailsView {
  organizationName: string;
  requestedBy: { name: string; email: string };
  requestedAt: string;
  expiresAt: string;
  name: string;
  acceptedCurrencies: string[];
  current: { accountMasked: string; bankCountry: string } | null;
}

/** The mailed link of an organization with one admin: shows the change, masked, and confirms it on request. */
export function ConfirmBankChangePage() {
  const { t, i18n } = useTranslation('payments');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [token] = useState(linkToken);
  const [change, setChange] = useState<LinkChange | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState(false);
  // Wait for the session: a reader who is signed in sends its CSRF token with the check.
  const { session } = useSession();
  const ready = session !== null;
  useEffect(() => {
    if (!token) {
      setInvalid(true);
      return;
    }
    if (!ready) return;
    api<LinkChange>('/api/v1/bank-change-links/check', { json: { token } }).then(setChange, () => setInvalid(true));
  }, [token, ready]);
  const { submit, pending, error } = useSubmit(() => api('/api/v1/bank-change-links/confirm', { json: { token } }));

  return (
    <AuthCard title={t('link.title')}>
      {invalid ? (
        <Alert color="red" role="alert" variant="light">
          {t('link.invalid')}
        </Alert>
      ) : null}
      {!invalid && !change ? <Loader aria-label={t('link.loading')} /> : null}
      {done ? (
        <Alert color="green" role="status" variant="light">
          {t('link.done')}
        </Alert>
      ) : null}
      {change && !done ? (
        <Stack gap="sm">
          <Text>{t('link.intro', { name: change.requestedBy.name, email: change.requestedBy.email, organization: change.organizationName, profile: change.name })}</Text>
          {change.current ? <Text size="sm">{t('link.current', { account: change.current.accountMasked })}</Text> : null}
          <BankDetailsList details={change} />
          <Text size="sm">{t('link.expires', { at: formatDateTime(change.expiresAt, locale) })}</Text>
          <Alert color="yellow" variant="light">
            {t('link.warning')}
          </Alert>
          <FormError error={error} />
          <Button loading={pending} onClick={async () => (await submit()).ok && setDone(true)}>
            {t('link.confirm')}
          </Button>
        </Stack>
      ) : null}
      <Anchor component={Link} to="/payment-profiles" size="sm">
        {t('link.toProfiles')}
      </Anchor>
    </AuthCard>
  );
}

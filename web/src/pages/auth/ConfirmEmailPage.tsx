import { Alert, Anchor, Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { AuthCard, linkToken } from './AuthCard.tsx';

/** A button, not an automatic request: mail scanners that open links must not confirm them. */
export function ConfirmEmailPage() {
  const { t } = useTranslation('auth');
  const [token] = useState(linkToken);
  const [email, setEmail] = useState<string | null>(null);
  const { submit, pending, error } = useSubmit(() => api<{ email: string }>('/api/v1/auth/confirm-email', { json: { token } }));
  return (
    <AuthCard title={t('confirmEmail.title')} intro={email ? undefined : t('confirmEmail.intro')}>
      {email ? (
        <Alert color="green" role="status" variant="light">
          {t('confirmEmail.done', { email })}
        </Alert>
      ) : (
        <>
          <FormError error={error} />
          <Button
            loading={pending}
            onClick={async () => {
              const result = await submit();
              if (result.ok) setEmail(result.value.email);
            }}
          >
            {t('confirmEmail.submit')}
          </Button>
        </>
      )}
      <Anchor component={Link} to="/" size="sm">
        {t('toPortal')}
      </Anchor>
    </AuthCard>
  );
}

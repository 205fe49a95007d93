import { Alert, Anchor, Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { AuthCard } from './AuthCard.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() => api('/api/v1/auth/forgot-password', { json: { email } }));
  return (
    <AuthCard title={t('forgot.title')} intro={t('forgot.intro')}>
      {sent ? (
        <Alert color="green" role="status" variant="light">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            if ((await submit()).ok) setSent(true);
          }}
        >
          <TextInput label={t('fields.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} mb="md" />
          <FormError error={error} />
          <Button type="submit" fullWidth loading={pending} mt="md">
            {t('forgot.submit')}
          </Button>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('backToSignIn')}
      </Anchor>
    </AuthCard>
  );
}

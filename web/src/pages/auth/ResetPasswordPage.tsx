import { Alert, Anchor, Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { AuthCard } from './AuthCard.tsx';
import { LinkLoading, LinkProblem, useLink } from './LinkState.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

export function ResetPasswordPage() {
  const { t } = useTranslation('auth');
  const { token, info, invalid } = useLink('/api/v1/auth/reset-password/check');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() => api('/api/v1/auth/reset-password', { json: { token, password } }));

  return (
    <AuthCard title={t('reset.title')}>
      {invalid ? <LinkProblem /> : null}
      {!invalid && !info ? <LinkLoading /> : null}
      {done ? (
        <>
          <Alert color="green" role="status" variant="light">
            {t('reset.done')}
          </Alert>
          <Anchor component={Link} to="/sign-in">
            {t('backToSignIn')}
          </Anchor>
        </>
      ) : null}
      {info && !done ? (
        <form
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            setMismatch(password !== confirm);
            if (password !== confirm) return;
            if ((await submit()).ok) setDone(true);
          }}
        >
          <Text mb="md">{t('reset.for', { email: info.email })}</Text>
          <NewPasswordFields value={password} confirm={confirm} onChange={setPassword} onConfirmChange={setConfirm} error={fieldError('password')} mismatch={mismatch} />
          <FormError error={error} />
          <Button type="submit" fullWidth loading={pending} mt="md">
            {t('reset.submit')}
          </Button>
        </form>
      ) : null}
    </AuthCard>
  );
}

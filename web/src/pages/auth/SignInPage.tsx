import { Anchor, Button, PasswordInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { stagePath, useSession, type Session } from '../../session.tsx';
import { AuthCard } from './AuthCard.tsx';

/** Only paths inside the portal may be returned to after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation('auth');
  const { session, adopt } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<Session>('/api/v1/auth/sign-in', { json: { email, password } }),
  );

  if (session?.signedIn && session.stage === 'active') return <Navigate to={safeNext(params.get('next'))} replace />;

  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await submit();
          if (!result.ok) return;
          adopt(result.value);
          navigate(stagePath(result.value.stage) ?? safeNext(params.get('next')), { replace: true });
        }}
      >
        <TextInput label={t('fields.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} mb="sm" />
        <PasswordInput label={t('fields.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError('password')} mb="md" />
        <FormError error={error} />
        <Button type="submit" fullWidth loading={pending} mt="md">
          {t('signIn.submit')}
        </Button>
      </form>
      <Anchor component={Link} to="/forgot-password" size="sm">
        {t('signIn.forgot')}
      </Anchor>
    </AuthCard>
  );
}

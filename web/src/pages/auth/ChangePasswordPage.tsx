import { Button, PasswordInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { stagePath, useSession, type Session } from '../../session.tsx';
import { AuthCard } from './AuthCard.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

/** The forced change after signing in with a temporary password. */
export function ChangePasswordPage() {
  const { t } = useTranslation('auth');
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<Session>('/api/v1/auth/password', { json: { currentPassword: current, newPassword: next } }),
  );
  return (
    <AuthCard title={t('changePassword.title')} intro={t('changePassword.intro')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setMismatch(next !== confirm);
          if (next !== confirm) return;
          const result = await submit();
          if (!result.ok) return;
          adopt(result.value);
          navigate(stagePath(result.value.stage) ?? '/', { replace: true });
        }}
      >
        <PasswordInput label={t('fields.currentPassword')} description={t('changePassword.currentHelp')} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={fieldError('currentPassword')} mb="sm" />
        <NewPasswordFields value={next} confirm={confirm} onChange={setNext} onConfirmChange={setConfirm} error={fieldError('newPassword')} mismatch={mismatch} />
        <FormError error={error} />
        <Button type="submit" fullWidth loading={pending} mt="md">
          {t('changePassword.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}

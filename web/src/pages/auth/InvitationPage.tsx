import { Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { stagePath, useSession } from '../../session.tsx';
import { AuthCard } from './AuthCard.tsx';
import { LinkLoading, LinkProblem, useLink } from './LinkState.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

export function InvitationPage() {
  const { t } = useTranslation('auth');
  const { refresh } = useSession();
  const navigate = useNavigate();
  const { token, info, invalid } = useLink('/api/v1/auth/invitation');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() => api('/api/v1/auth/invitation/accept', { json: { token, password } }));

  return (
    <AuthCard title={t('invitation.title')}>
      {invalid ? <LinkProblem /> : null}
      {!invalid && !info ? <LinkLoading /> : null}
      {info ? (
        <form
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            setMismatch(password !== confirm);
            if (password !== confirm) return;
            if (!(await submit()).ok) return;
            const session = await refresh();
            navigate(stagePath(session.stage) ?? '/', { replace: true });
          }}
        >
          <Text mb="md">
            {info.organizationName
              ? t('invitation.welcomeOrganization', { name: info.name, organization: info.organizationName })
              : t('invitation.welcome', { name: info.name })}
          </Text>
          <Text size="sm" mb="md">
            {t('invitation.account', { email: info.email })}
          </Text>
          <NewPasswordFields value={password} confirm={confirm} onChange={setPassword} onConfirmChange={setConfirm} error={fieldError('password')} mismatch={mismatch} />
          <FormError error={error} />
          <Button type="submit" fullWidth loading={pending} mt="md">
            {t('invitation.submit')}
          </Button>
        </form>
      ) : null}
    </AuthCard>
  );
}

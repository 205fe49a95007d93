import { Button, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { stagePath, useSession, type Session } from '../../session.tsx';
import { AuthCard } from './AuthCard.tsx';

export function VerifyPage() {
  const { t } = useTranslation('auth');
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() => api<Session>('/api/v1/auth/mfa', { json: { code } }));
  return (
    <AuthCard title={t('verify.title')} intro={t('verify.intro')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await submit();
          if (!result.ok) return;
          adopt(result.value);
          navigate(stagePath(result.value.stage) ?? '/', { replace: true });
        }}
      >
        <TextInput
          label={t('fields.code')}
          description={t('verify.codeHelp')}
          autoComplete="one-time-code"
          inputMode="text"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fieldError('code')}
          mb="md"
        />
        <FormError error={error} />
        <Button type="submit" fullWidth loading={pending} mt="md">
          {t('verify.submit')}
        </Button>
      </form>
      <Text size="sm" c="dimmed">
        {t('verify.lostDevice')}
      </Text>
    </AuthCard>
  );
}

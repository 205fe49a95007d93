import { Alert, Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { FormError, useSubmit } from '../forms.tsx';

/** Support: lift the sign-in wait of an account after too many failed attempts. */
export function UnlockAccountCard() {
  const { t } = useTranslation('home');
  const [email, setEmail] = useState('');
  const [cleared, setCleared] = useState<number | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<{ clearedAttempts: number }>('/api/v1/accounts/unlock', { json: { email } }),
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="unlock">
      <Title order={2} size="h3" id="unlock">
        {t('unlock.title')}
      </Title>
      <Text mt="sm">{t('unlock.intro')}</Text>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setCleared(null);
          const result = await submit();
          if (result.ok) setCleared(result.value.clearedAttempts);
        }}
      >
        <Group align="flex-end" mt="sm">
          <TextInput label={t('unlock.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} w={320} />
          <Button type="submit" loading={pending}>
            {t('unlock.submit')}
          </Button>
        </Group>
        <FormError error={error} />
        {cleared !== null ? (
          <Alert mt="sm" color="green" variant="light" role="status">
            {t('unlock.done', { count: cleared })}
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}

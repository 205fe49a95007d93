import { Alert, Button, Code, CopyButton, Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import type { RoleGrant, User } from './model.ts';
import { RolePicker } from './RolePicker.tsx';

export function CreateUserForm({ onCreated }: { onCreated(user: User): void }) {
  const { t } = useTranslation(['users', 'common']);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<string>('en');
  const [roles, setRoles] = useState<RoleGrant[]>([]);
  const [credentials, setCredentials] = useState<'invitation' | 'temporary_password'>('invitation');
  const [created, setCreated] = useState<{ user: User; temporaryPassword: string | null } | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<{ user: User; temporaryPassword: string | null }>('/api/v1/users', { json: { name, email, locale, roles, credentials } }),
  );

  if (created) {
    return (
      <Stack>
        {created.temporaryPassword ? (
          <Alert color="yellow" variant="light" role="status" title={t('users:created.credentialsTitle')}>
            <Text mb="xs">{t('users:created.credentials', { email: created.user.email })}</Text>
            <Group gap="xs">
              <Code data-testid="temporary-password" fz="md">
                {created.temporaryPassword}
              </Code>
              <CopyButton value={created.temporaryPassword}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? t('users:copied') : t('users:copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" mt="xs">
              {t('users:created.shownOnce')}
            </Text>
          </Alert>
        ) : (
          <Alert color="green" variant="light" role="status">
            {t('users:created.invited', { email: created.user.email })}
          </Alert>
        )}
        <Button onClick={() => onCreated(created.user)}>{t('users:created.done')}</Button>
      </Stack>
    );
  }

  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) setCreated(result.value);
      }}
    >
      <Stack>
        <TextInput label={t('users:fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} />
        <TextInput label={t('users:fields.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} />
        <NativeSelect label={t('users:fields.language')} value={locale} onChange={(e) => setLocale(e.currentTarget.value)} error={fieldError('locale')}>
          {locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`common:language.${l}`)}
            </option>
          ))}
        </NativeSelect>
        <RolePicker value={roles} onChange={setRoles} error={fieldError('roles')} />
        <Radio.Group
          label={t('users:fields.credentials')}
          value={credentials}
          onChange={(v) => setCredentials(v as typeof credentials)}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="invitation" label={t('users:credentials.invitation')} />
            <Radio value="temporary_password" label={t('users:credentials.temporary_password')} />
          </Stack>
        </Radio.Group>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {t('users:create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

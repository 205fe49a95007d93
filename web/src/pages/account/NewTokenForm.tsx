import { Button, Checkbox, Code, CopyButton, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useReauthenticated } from '../../components/ReauthDialog.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession } from '../../session.tsx';

const lifetimes = [30, 90, 365] as const;

/** Creates a token with some of the user's own permissions; the secret is shown once. */
export function NewTokenForm({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation('account');
  const { session } = useSession();
  const { run, dialog } = useReauthenticated();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [days, setDays] = useState<number>(90);
  const [created, setCreated] = useState<string | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() =>
    run(() =>
      api<{ id: string; token: string }>('/api/v1/me/tokens', {
        json: { name: name.trim(), permissions, expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() },
      }),
    ),
  );

  if (created) return <NewToken token={created} onDismiss={() => setCreated(null)} />;

  return (
    <>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await submit();
          if (!result.ok) return;
          setCreated(result.value.token);
          setName('');
          setPermissions([]);
          onCreated();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('tokens.create.title')}
          </Title>
          <TextInput
            label={t('tokens.create.name')}
            description={t('tokens.create.nameHint')}
            required
            maw={440}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError('name')}
          />
          <Checkbox.Group
            label={t('tokens.create.permissions')}
            description={t('tokens.create.permissionsHint')}
            required
            value={permissions}
            onChange={setPermissions}
            error={fieldError('permissions')}
          >
            <Stack gap={6} mt="xs">
              {(session?.permissions ?? []).map((p) => (
                <Checkbox key={p} value={p} label={t(`permission.${p}`)} description={p} />
              ))}
            </Stack>
          </Checkbox.Group>
          <NativeSelect
            label={t('tokens.create.expiresIn')}
            maw={220}
            value={String(days)}
            onChange={(e) => setDays(Number(e.currentTarget.value))}
            error={fieldError('expiresAt')}
          >
            {lifetimes.map((d) => (
              <option key={d} value={d}>
                {t('tokens.create.days', { days: d })}
              </option>
            ))}
          </NativeSelect>
          <FormError error={error} />
          <div>
            <Button type="submit" loading={pending}>
              {t('tokens.create.submit')}
            </Button>
          </div>
        </Stack>
      </form>
      {/* Outside the form: React events from the dialog's own form bubble up the component tree. */}
      {dialog}
    </>
  );
}

function NewToken({ token, onDismiss }: { token: string; onDismiss(): void }) {
  const { t } = useTranslation('account');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Paper withBorder p="md" radius="md" bg="var(--mantine-color-yellow-0)" style={{ borderColor: 'var(--mantine-color-yellow-8)' }}>
      <Stack gap="sm">
        <Title order={3} size="h4" ref={heading} tabIndex={-1}>
          {t('tokens.created.title')}
        </Title>
        <Text>{t('tokens.created.body')}</Text>
        <Text size="sm" fw={500}>
          {t('tokens.created.label')}
        </Text>
        <Code block data-testid="new-token" fz="md" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {token}
        </Code>
        <Group>
          <CopyButton value={token}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('tokens.created.copied') : t('tokens.created.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onDismiss}>{t('tokens.created.dismiss')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

import { Alert, Anchor, Badge, Button, Code, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import type { RoleGrant, User } from './model.ts';
import { RolePicker } from './RolePicker.tsx';

export function UserPage() {
  return (
    <RequirePermission permission="users.read">
      <UserDetail />
    </RequirePermission>
  );
}

function UserDetail() {
  const { t } = useTranslation('users');
  const { id = '' } = useParams();
  const { can } = useSession();
  const [user, setUser] = useState<User | null>(null);
  const [missing, setMissing] = useState(false);
  usePageTitle(user?.name ?? t('title'));

  const load = useCallback(async () => {
    try {
      setUser(await api<User>(`/api/v1/users/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
      else throw error;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('notFound')}</Title>
        <Anchor component={Link} to="/users">
          {t('back')}
        </Anchor>
      </Stack>
    );
  }
  if (!user) return null;
  const manage = can('users.manage');
  return (
    <Stack gap="lg" maw={760}>
      <Anchor component={Link} to="/users" size="sm">
        {t('back')}
      </Anchor>
      <div>
        <Title order={1}>{user.name}</Title>
        <Group gap="xs" mt="xs">
          <Text>{user.email}</Text>
          <Badge variant="outline" color="dark" tt="none">
            {user.invitationPending ? t('status.invited') : t(`status.${user.status}`)}
          </Badge>
          {user.mfaEnabled ? (
            <Badge variant="outline" color="dark" tt="none">
              {t('mfaOn')}
            </Badge>
          ) : null}
        </Group>
      </div>
      {manage ? <RolesSection user={user} onSaved={setUser} /> : null}
      {manage && user.status === 'active' ? <ResetSection user={user} /> : null}
      {manage && user.mfaEnabled ? <MfaResetSection user={user} onSaved={setUser} /> : null}
      {manage && user.invitationPending ? <InvitationSection user={user} /> : null}
      {manage ? <StatusSection user={user} onSaved={setUser} /> : null}
    </Stack>
  );
}


function RolesSection({ user, onSaved }: { user: User; onSaved(user: User): void }) {
  const { t } = useTranslation('users');
  const [roles, setRoles] = useState<RoleGrant[]>(user.roles);
  const [saved, setSaved] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<User>(`/api/v1/users/${user.id}/roles`, { method: 'PUT', json: { roles } }),
  );
  return (
    <Section title={t('sections.roles')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setSaved(false);
          const result = await submit();
          if (result.ok) {
            onSaved(result.value);
            setSaved(true);
          }
        }}
      >
        <Stack>
          <RolePicker value={roles} onChange={setRoles} error={fieldError('roles')} />
          <FormError error={error} />
          {saved ? (
            <Alert color="green" variant="light" role="status">
              {t('saved')}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={pending}>
              {t('roles.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function ResetSection({ user }: { user: User }) {
  const { t } = useTranslation('users');
  const [method, setMethod] = useState<'temporary_password' | 'email_link'>('temporary_password');
  const [result, setResult] = useState<{ temporaryPassword: string | null } | null>(null);
  const { submit, pending, error } = useSubmit(() =>
    api<{ temporaryPassword: string | null }>(`/api/v1/users/${user.id}/password-reset`, { json: { method } }),
  );
  return (
    <Section title={t('sections.reset')}>
      <Stack>
        <Text size="sm">{t('reset.intro')}</Text>
        <Radio.Group label={t('reset.method')} value={method} onChange={(v) => setMethod(v as typeof method)}>
          <Stack gap="xs" mt="xs">
            <Radio value="temporary_password" label={t('credentials.temporary_password')} />
            <Radio value="email_link" label={t('reset.emailLink')} />
          </Stack>
        </Radio.Group>
        <FormError error={error} />
        {result ? (
          <Alert color="yellow" variant="light" role="status">
            {result.temporaryPassword ? (
              <>
                <Text mb="xs">{t('reset.temporaryShown')}</Text>
                <Code data-testid="temporary-password" fz="md">
                  {result.temporaryPassword}
                </Code>
              </>
            ) : (
              t('reset.linkSent', { email: user.email })
            )}
          </Alert>
        ) : null}
        <Group>
          <Button
            variant="outline"
            loading={pending}
            onClick={async () => {
              const r = await submit();
              if (r.ok) setResult(r.value);
            }}
          >
            {t('reset.submit')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

function InvitationSection({ user }: { user: User }) {
  const { t } = useTranslation('users');
  const [sent, setSent] = useState(false);
  const { submit, pending, error } = useSubmit(() => api(`/api/v1/users/${user.id}/invitation`, { method: 'POST' }));
  return (
    <Section title={t('sections.invitation')}>
      <Stack>
        <Text size="sm">{t('invitation.pending')}</Text>
        <FormError error={error} />
        {sent ? (
          <Alert color="green" variant="light" role="status">
            {t('invitation.sent', { email: user.email })}
          </Alert>
        ) : null}
        <Group>
          <Button variant="outline" loading={pending} onClick={async () => setSent((await submit()).ok)}>
            {t('invitation.resend')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

function StatusSection({ user, onSaved }: { user: User; onSaved(user: User): void }) {
  const { t } = useTranslation('users');
  const action = user.status === 'active' ? 'deactivate' : 'reactivate';
  const { submit, pending, error } = useSubmit(() => api<User>(`/api/v1/users/${user.id}/${action}`, { method: 'POST' }));
  return (
    <Section title={t(`sections.${action}`)}>
      <Stack>
        <Text size="sm">{t(`status.${action}Intro`)}</Text>
        <FormError error={error} />
        <Group>
          <Button
            color={action === 'deactivate' ? 'red.8' : undefined}
            variant={action === 'deactivate' ? 'outline' : 'filled'}
            loading={pending}
            onClick={async () => {
              const r = await submit();
              if (r.ok) onSaved(r.value);
            }}
          >
            {t(`status.${action}`)}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

function MfaResetSection({ user, onSaved }: { user: User; onSaved(user: User): void }) {
  const { t } = useTranslation('users');
  const { submit, pending, error } = useSubmit(() => api<User>(`/api/v1/users/${user.id}/mfa-reset`, { method: 'POST' }));
  return (
    <Section title={t('mfaReset.title')}>
      <Stack>
        <Text size="sm">{t('mfaReset.intro')}</Text>
        <FormError error={error} />
        <Group>
          <Button
            variant="outline"
            loading={pending}
            onClick={async () => {
              const r = await submit();
              if (r.ok) onSaved(r.value);
            }}
          >
            {t('mfaReset.submit')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

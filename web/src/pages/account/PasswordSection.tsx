import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession, type Session } from '../../session.tsx';
import { Done, Section } from './Section.tsx';

/** The answer is the session under its new token (other sessions end), which the portal adopts. */
export function PasswordSection() {
  const { t } = useTranslation('account');
  const { adopt } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [changed, setChanged] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() => api<Session>('/api/v1/auth/password', { json: { currentPassword, newPassword } }));

  return (
    <Section id="password" title={t('password.title')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setChanged(false);
          const result = await submit();
          if (!result.ok) return;
          adopt(result.value);
          setCurrent('');
          setNew('');
          setChanged(true);
        }}
      >
        <Stack gap="sm" maw={440}>
          <PasswordInput
            label={t('password.current')}
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fieldError('currentPassword')}
          />
          <PasswordInput
            label={t('password.new')}
            description={t('password.newHint')}
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={fieldError('newPassword')}
          />
          <FormError error={error} />
          {changed ? <Done>{t('password.changed')}</Done> : null}
          <div>
            <Button type="submit" loading={pending}>
              {t('password.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}

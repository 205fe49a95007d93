import { Alert, Button, Card, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';

interface Policy {
  requireMfa: boolean;
}

/** The organization's security policy: whether every user must use two-step verification. */
export function SecurityPage() {
  const { t } = useTranslation(['account', 'common']);
  usePageTitle(t('account:security.title'));
  const { session } = useSession();
  const [requireMfa, setRequireMfa] = useState<boolean | null>(null);
  const [failed, setFailed] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(() => api<Policy>('/api/v1/organization/security', { method: 'PUT', json: { requireMfa } }));

  const load = useCallback(async () => {
    setFailed(false);
    try {
      setRequireMfa((await api<Policy>('/api/v1/organization/security')).requireMfa);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <Stack gap="md" maw={720}>
      <div>
        <Title order={1}>{t('account:security.title')}</Title>
        <Text mt="xs">{t('account:security.intro', { organization: session?.organization?.legalName ?? '' })}</Text>
      </div>
      <div aria-live="polite">
        {requireMfa === null && !failed ? (
          <Group gap="xs">
            <Loader size="sm" aria-hidden />
            <Text>{t('common:loading')}</Text>
          </Group>
        ) : null}
        {failed ? (
          <Alert color="red" role="alert" title={t('common:loadFailed')}>
            <Button variant="outline" color="red.9" onClick={() => void load()}>
              {t('common:retry')}
            </Button>
          </Alert>
        ) : null}
      </div>
      {requireMfa !== null ? (
        <Card withBorder padding="lg">
          <form
            noValidate
            onSubmit={async (event) => {
              event.preventDefault();
              setSaved(false);
              const result = await save.submit();
              if (!result.ok) return;
              setRequireMfa(result.value.requireMfa);
              setSaved(true);
            }}
          >
            <Stack gap="md">
              <Switch
                label={t('account:security.requireMfa')}
                description={t('account:security.requireMfaHint')}
                checked={requireMfa}
                onChange={(e) => {
                  setSaved(false);
                  setRequireMfa(e.currentTarget.checked);
                }}
                error={save.fieldError('requireMfa')}
              />
              <FormError error={save.error} />
              {saved ? (
                <Alert color="green" variant="light" role="status">
                  {t('account:security.saved')}
                </Alert>
              ) : null}
              <div>
                <Button type="submit" loading={save.pending}>
                  {t('account:security.save')}
                </Button>
              </div>
            </Stack>
          </form>
        </Card>
      ) : null}
    </Stack>
  );
}

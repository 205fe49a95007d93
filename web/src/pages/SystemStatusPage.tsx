import { Alert, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../src/i18n/format.ts';
import { isLocale, defaultLocale } from '../../../src/i18n/locales.ts';
import { getJson } from '../api.ts';
import { usePageTitle } from '../usePageTitle.ts';
import { FactsTable } from '../components/FactsTable.tsx';

interface SystemStatus {
  status: 'ready' | 'not_ready';
  version: string;
  database: { kind: 'pglite' | 'postgres'; reachable: boolean; latencyMs: number | null };
  migrations: { applied: number; known: number; latest: string | null } | null;
  checkedAt: string;
}

export function SystemStatusPage() {
  const { t, i18n } = useTranslation(['system', 'common']);
  usePageTitle(t('system:title'));
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setFailed(false);
    try {
      setStatus(await getJson<SystemStatus>('/api/v1/system/status'));
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const rows: [string, React.ReactNode][] = status
    ? [
        [
          t('system:fields.status'),
          <Badge key="s" color={status.status === 'ready' ? '#1b6e2f' : '#a51d24'} variant="filled" data-testid="status-badge">
            {status.status === 'ready' ? t('system:ready') : t('system:notReady')}
          </Badge>,
        ],
        [t('system:fields.version'), status.version],
        [t('system:fields.database'), t(`system:databaseKind.${status.database.kind}`)],
        [
          t('system:fields.migrations'),
          status.migrations ? t('system:migrationsValue', status.migrations) : '—',
        ],
        [
          t('system:fields.latency'),
          status.database.latencyMs === null ? '—' : t('system:latencyValue', { ms: status.database.latencyMs }),
        ],
        [t('system:fields.checkedAt'), formatDateTime(status.checkedAt, locale)],
      ]
    : [];

  return (
    <Stack gap="md" maw={720}>
      <div>
        <Title order={1}>{t('system:title')}</Title>
        <Text mt="xs">{t('system:intro')}</Text>
      </div>
      <div aria-live="polite" aria-busy={loading}>
        {loading && !status ? (
          <Group gap="xs">
            <Loader size="sm" aria-hidden />
            <Text>{t('common:loading')}</Text>
          </Group>
        ) : null}
        {failed ? (
          <Alert color="red" title={t('common:loadFailed')} role="alert">
            <Button variant="outline" color="red" onClick={() => void load()}>
              {t('common:retry')}
            </Button>
          </Alert>
        ) : null}
        {status ? (
          <FactsTable rows={rows} labelWidth="40%" testId="system-status" />
        ) : null}
      </div>
      <Group>
        <Button onClick={() => void load()} loading={loading && status !== null}>
          {t('system:refresh')}
        </Button>
      </Group>
    </Stack>
  );
}

import { Anchor, Button, FileInput, Group, NativeSelect, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api, ApiError } from '../../api.ts';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { FormError } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { formatBytes, importActive, type ImportKind, type ImportRunSummary } from './model.ts';
import { ImportProgress, ProgressBar, RunStatusBadge } from './RunStatus.tsx';
import { uploadFile } from './upload.ts';
import { useLoad } from '../../useLoad.ts';

const pageSize = 20;
const kinds: ImportKind[] = ['billing', 'fx'];

export function ImportsPage() {
  return (
    <RequirePermission permission="partners.read">
      <Imports />
    </RequirePermission>
  );
}

function Imports() {
  const { t, i18n } = useTranslation(['billing', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('billing:imports.title'));
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = kinds.includes(kindParam as ImportKind) ? (kindParam as ImportKind) : '';
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const query = new URLSearchParams({ limit: String(pageSize), offset: String((page - 1) * pageSize), ...(kind ? { kind } : {}) });
  const list = useLoad<{ imports: ImportRunSummary[]; total: number }>(`/api/v1/imports?${query}`, { pollWhile: (r) => r.imports.some(importActive), intervalMs: 1500 });

  const update = (changes: Record<string, string>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('billing:imports.title')}</Title>
        <Text mt="xs">{t('billing:imports.intro')}</Text>
      </div>
      {can('finance.manage') ? <UploadForm /> : null}
      <Section id="recent-imports" title={t('billing:imports.recent')}>
        <NativeSelect label={t('billing:imports.filter')} value={kind} onChange={(e) => update({ kind: e.currentTarget.value, page: '' })} maw={320}>
          <option value="">{t('billing:imports.allKinds')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`billing:kind.${k}`)}
            </option>
          ))}
        </NativeSelect>
        <FormError error={list.error} />
        <Text size="sm" c="dimmed" aria-live="polite">
          {list.data ? t('billing:imports.count', { count: list.data.total }) : null}
        </Text>
        <ListStatus loading={list.loading && list.data === null} empty={list.data !== null && list.data.imports.length === 0} emptyText={t('billing:imports.none')} />
        {list.data && list.data.imports.length > 0 ? (
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="imports-table">
              <Table.Thead>
                <Table.Tr>
                  {(['file', 'kind', 'status', 'progress', 'counts', 'problems', 'by', 'createdAt'] as const).map((c) => (
                    <Table.Th key={c} scope="col">
                      {t(`billing:imports.columns.${c}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.imports.map((run) => (
                  <Table.Tr key={run.id} data-import={run.id} data-status={run.status}>
                    <Table.Td style={{ wordBreak: 'break-word' }}>
                      <Anchor component={Link} to={`/operations/imports/${run.id}`} fw={600}>
                        {run.fileName}
                      </Anchor>
                      {run.bytesTotal !== null ? (
                        <Text size="sm" c="dimmed">
                          {formatBytes(run.bytesTotal, locale)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{t(`billing:kind.${run.kind}`)}</Table.Td>
                    <Table.Td>
                      <RunStatusBadge status={run.status === 'queued' && run.bytesTotal === null ? 'receiving' : run.status} />
                    </Table.Td>
                    <Table.Td miw={160}>{importActive(run) ? <ImportProgress run={run} /> : '—'}</Table.Td>
                    <Table.Td>
                      {run.status === 'done'
                        ? t('billing:imports.countsValue', {
                            inserted: run.inserted.toLocaleString(locale),
                            updated: run.updated.toLocaleString(locale),
                            unchanged: run.unchanged.toLocaleString(locale),
                          })
                        : '—'}
                    </Table.Td>
                    <Table.Td>{run.problemCount ? run.problemCount.toLocaleString(locale) : '—'}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{run.actorLabel}</Table.Td>
                    <Table.Td>{formatDateTime(run.createdAt, locale)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {list.data ? <ListPagination total={list.data.total} pageSize={pageSize} page={page} onChange={(p) => update({ page: String(p) })} /> : null}
      </Section>
    </Stack>
  );
}

/** Choose a kind and a file; the bar follows the upload, then the import's own page takes over. */
function UploadForm() {
  const { t, i18n } = useTranslation(['billing', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const navigate = useNavigate();
  const [kind, setKind] = useState<ImportKind>('billing');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const uploading = sent !== null;
  // An upload goes on when the reader moves to another page; only this page follows it to its run.
  const here = useRef(true);
  useEffect(() => {
    here.current = true;
    return () => {
      here.current = false;
    };
  }, []);

  // Closing the tab while the file is still on its way would lose it.
  useEffect(() => {
    if (!uploading) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploading]);

  const percent = sent && sent.total > 0 ? Math.floor((sent.sent / sent.total) * 100) : 0;
  const sentText = sent ? t('billing:imports.upload.sending', { sent: formatBytes(sent.sent, locale), total: formatBytes(sent.total, locale) }) : '';
  const fileError = error instanceof ApiError ? error.fieldError('body') : undefined;

  return (
    <Section id="upload" title={t('billing:imports.upload.title')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          if (!file) return;
          setError(null);
          setSent({ sent: 0, total: file.size });
          try {
            const accepted = await uploadFile<{ id: string }>(
              `/api/v1/imports/${kind}?fileName=${encodeURIComponent(file.name)}`,
              file,
              (done, total) => setSent({ sent: done, total }),
            );
            if (here.current) navigate(`/operations/imports/${accepted.id}`);
          } catch (caught) {
            setError(caught instanceof ApiError ? caught : new Error(t('billing:imports.upload.interrupted')));
            setSent(null);
          }
        }}
      >
        <Stack gap="md">
          <Radio.Group label={t('billing:imports.upload.kind')} value={kind} onChange={(value) => setKind(value as ImportKind)} description={t(`billing:imports.upload.kindHint.${kind}`)}>
            <Group mt="xs">
              {kinds.map((k) => (
                <Radio key={k} value={k} label={t(`billing:kind.${k}`)} disabled={uploading} />
              ))}
            </Group>
          </Radio.Group>
          <FileInput
            label={t('billing:imports.upload.file')}
            accept=".csv,text/csv"
            value={file}
            onChange={(f) => {
              setFile(f);
              setError(null);
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('common:clear') }}
            disabled={uploading}
            error={fileError}
            maw={480}
          />
          {fileError ? null : <FormError error={error} />}
          {sent ? (
            <Stack gap={6} data-testid="upload-progress">
              <ProgressBar label={t('billing:imports.upload.sendingLabel')} percent={percent} text={`${percent}% · ${sentText}`} />
              <Text size="sm" aria-live="polite">
                {percent}% · {sentText}
              </Text>
              <Text size="sm" c="dimmed">
                {t('billing:imports.upload.leaveWarning')}
              </Text>
            </Stack>
          ) : null}
          <div>
            <Button type="submit" loading={uploading} disabled={!file}>
              {t('billing:imports.upload.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}

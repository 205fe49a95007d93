import { Badge, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { formatBytes, importActive, importPercent, importStatusKey, type ImportRunSummary } from './model.ts';

// Dark enough for white text (WCAG AA) on every status.
const statusColor: Record<string, string> = {
  receiving: 'accrue.7',
  queued: 'gray.7',
  loading: 'accrue.7',
  applying: 'violet.8',
  running: 'violet.8',
  done: 'teal.9',
  refused: 'red.9',
  failed: 'red.9',
};

/** An import's or calculation's status in words, on a coloured badge. */
export function RunStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('billing');
  return (
    <Badge variant="filled" color={statusColor[status] ?? 'gray.7'} tt="none" miw="max-content" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

/**
 * A progress bar named for screen readers; `percent` null shows a moving bar that tells no share
 * (the file arriving, the rows being applied in one transaction).
 */
export function ProgressBar({ label, percent, text, color = 'accrue.7' }: { label: string; percent: number | null; text: string; color?: string }) {
  return (
    <Progress.Root
      size="lg"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(percent === null ? {} : { 'aria-valuenow': percent })}
      aria-valuetext={text}
    >
      <Progress.Section value={percent ?? 100} color={color} striped={percent === null} animated={percent === null} withAria={false} />
    </Progress.Root>
  );
}

/** Where an import is: its bar and a sentence saying how far, in bytes and rows. */
export function ImportProgress({ run }: { run: ImportRunSummary }) {
  const { t, i18n } = useTranslation('billing');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const status = importStatusKey(run);
  const values = {
    read: formatBytes(run.bytesRead, locale),
    total: run.bytesTotal === null ? '' : formatBytes(run.bytesTotal, locale),
    rows: run.rowsRead.toLocaleString(locale),
  };
  const sentence =
    status === 'loading' && !run.bytesTotal ? t('run.progress.loadingRows', values) : t(`run.progress.${status}`, values);
  const percent = importPercent(run);
  const moving = importActive(run);
  const color = run.status === 'refused' || run.status === 'failed' ? 'red.9' : run.status === 'done' ? 'teal.9' : 'accrue.7';
  return (
    <Stack gap={6} data-testid="import-progress" data-status={run.status}>
      <ProgressBar label={t('run.progressLabel')} percent={percent} text={percent === null || !moving ? sentence : `${percent}% · ${sentence}`} color={color} />
      <Text size="sm" aria-live="polite">
        {percent !== null && moving ? `${percent}% · ` : ''}
        {sentence}
      </Text>
    </Stack>
  );
}

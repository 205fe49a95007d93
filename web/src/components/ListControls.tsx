import { Button, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Apply and clear for a filter form (the form's submit applies). */
export function FilterButtons({ pending, onReset }: { pending: boolean; onReset(): void }) {
  const { t } = useTranslation('logs');
  return (
    <Group mt="sm">
      <Button type="submit" loading={pending}>
        {t('apply')}
      </Button>
      <Button variant="default" onClick={onReset}>
        {t('reset')}
      </Button>
    </Group>
  );
}

/** Announces loading and an empty result to screen readers as well as showing them. */
export function ListStatus({ loading, empty, emptyText }: { loading: boolean; empty: boolean; emptyText: string }) {
  const { t } = useTranslation('common');
  return (
    <div aria-live="polite" aria-busy={loading}>
      {loading ? (
        <Group gap="xs">
          <Loader size="sm" aria-hidden />
          <Text>{t('loading')}</Text>
        </Group>
      ) : null}
      {empty ? <Text>{emptyText}</Text> : null}
    </div>
  );
}

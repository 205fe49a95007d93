import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { todayIso } from './model.ts';

/** Ends an agreement or a competency on a chosen day, today unless changed. */
export function ExpireForm<T>({ path, intro, onDone }: { path: string; intro: string; onDone(value: T): void }) {
  const { t } = useTranslation('partners');
  const [date, setDate] = useState(todayIso());
  const { submit, pending, error, fieldError } = useSubmit(() => api<T>(`${path}/expire`, { json: { date } }));
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onDone(result.value);
      }}
    >
      <Stack>
        <Text>{intro}</Text>
        <TextInput type="date" label={t('fields.expiryDate')} required value={date} onChange={(e) => setDate(e.currentTarget.value)} error={fieldError('date')} data-autofocus />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" color="red.8" loading={pending}>
            {t('dialogs.expire')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

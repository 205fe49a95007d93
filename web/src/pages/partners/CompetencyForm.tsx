import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { competencyLevels, partnerPath, todayIso, type Competency } from './model.ts';
import { PeriodFields } from './PeriodFields.tsx';

/** A new competency of the organization, or an existing one's name, level and period. */
export function CompetencyForm({ partnerId, competency, onDone }: { partnerId: string; competency: Competency | null; onDone(competency: Competency): void }) {
  const { t } = useTranslation('partners');
  const [name, setName] = useState(competency?.name ?? '');
  const [level, setLevel] = useState<string>(competency?.level ?? competencyLevels[0]);
  const [period, setPeriod] = useState({ validFrom: competency?.validFrom ?? todayIso(), validTo: competency?.validTo ?? '' });
  const { submit, pending, error, fieldError } = useSubmit(() => {
    const json = { name, level, validFrom: period.validFrom, validTo: period.validTo || null };
    return competency
      ? api<Competency>(`${partnerPath(partnerId)}/competencies/${competency.id}`, { method: 'PATCH', json })
      : api<Competency>(`${partnerPath(partnerId)}/competencies`, { json });
  });
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
        <TextInput label={t('fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
        <NativeSelect label={t('fields.level')} value={level} onChange={(e) => setLevel(e.currentTarget.value)} error={fieldError('level')}>
          {competencyLevels.map((v) => (
            <option key={v} value={v}>
              {t(`level.${v}`)}
            </option>
          ))}
        </NativeSelect>
        <PeriodFields {...period} onChange={setPeriod} fieldError={fieldError} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {competency ? t('dialogs.save') : t('dialogs.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

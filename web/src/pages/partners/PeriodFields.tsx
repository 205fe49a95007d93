import { Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Valid from and valid to as date inputs; an empty end means no end. */
export function PeriodFields({
  validFrom,
  validTo,
  onChange,
  fieldError,
}: {
  validFrom: string;
  validTo: string;
  onChange(period: { validFrom: string; validTo: string }): void;
  fieldError(field: string): string | undefined;
}) {
  const { t } = useTranslation('partners');
  return (
    <Group grow align="flex-start">
      <TextInput type="date" label={t('fields.validFrom')} required value={validFrom} onChange={(e) => onChange({ validFrom: e.currentTarget.value, validTo })} error={fieldError('validFrom')} />
      <TextInput
        type="date"
        label={t('fields.validTo')}
        description={t('fields.validToHint')}
        value={validTo}
        onChange={(e) => onChange({ validFrom, validTo: e.currentTarget.value })}
        error={fieldError('validTo')}
      />
    </Group>
  );
}

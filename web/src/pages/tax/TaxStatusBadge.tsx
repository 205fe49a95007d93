import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { taxStatusColor, type TaxProfileStatus } from './model.ts';

export function TaxStatusBadge({ status }: { status: TaxProfileStatus }) {
  const { t } = useTranslation('tax');
  return (
    <Badge variant="filled" color={taxStatusColor[status]} tt="none" miw="max-content" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

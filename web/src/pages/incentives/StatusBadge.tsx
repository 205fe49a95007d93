import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { statusColor, type DisplayStatus } from './model.ts';

export function StatusBadge({ status }: { status: DisplayStatus }) {
  const { t } = useTranslation('enrollments');
  return (
    <Badge variant="filled" color={statusColor[status]} tt="none" size="lg">
      {t(`status.${status}`)}
    </Badge>
  );
}

import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { statusColor, type DisplayStatus } from './model.ts';

export function StatusBadge({ status, size = 'md' }: { status: DisplayStatus; size?: 'md' | 'lg' }) {
  const { t } = useTranslation('enrollments');
  return (
    <Badge variant="filled" color={statusColor[status]} tt="none" size={size} miw="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}

import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EnrollmentStatus } from '../../../../src/modules/enrollments/schema.ts';
import { statusColor } from './model.ts';

export function StatusBadge({ status, size = 'md' }: { status: EnrollmentStatus; size?: 'md' | 'lg' }) {
  const { t } = useTranslation('enrollments');
  return (
    <Badge variant="filled" color={statusColor[status]} tt="none" size={size} miw="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}

import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DisputeStatus, PaymentStatus } from './model.ts';

// Filled badge colours, each with white text at 4.5:1 or more; the status is always written out too.
const paymentColor: Record<PaymentStatus, string> = {
  upcoming: 'accrue.7',
  in_progress: '#a85400',
  sent: 'teal.9',
  rejected: 'red.9',
  reversed: 'red.9',
  discarded: 'gray.7',
};

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation('payouts');
  return (
    <Badge variant="filled" color={paymentColor[status]} tt="none" miw="max-content" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

const disputeColor: Record<DisputeStatus, string> = { open: '#a85400', answered: 'accrue.7', closed: 'gray.7' };

export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  const { t } = useTranslation('payouts');
  return (
    <Badge variant="filled" color={disputeColor[status]} tt="none" miw="max-content" data-dispute={status}>
      {t(`disputeStatus.${status}`)}
    </Badge>
  );
}

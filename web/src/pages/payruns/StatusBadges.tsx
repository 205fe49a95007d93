import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HoldReason, PaymentStatus, RunStatus } from './model.ts';

// Filled badges dark enough for white text (WCAG AA); the status is always written out too.
const runColor: Record<RunStatus, string> = { upcoming: '#a85400', approved: 'teal.9', discarded: 'gray.7' };
const paymentColor: Record<PaymentStatus, string> = {
  upcoming: '#a85400',
  in_progress: 'accrue.7',
  sent: 'teal.9',
  rejected: 'red.9',
  reversed: 'red.9',
  discarded: 'gray.7',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation('payruns');
  return (
    <Badge variant="filled" color={runColor[status]} tt="none" miw="max-content" data-status={status}>
      {t(`runStatus.${status}`)}
    </Badge>
  );
}

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation('payruns');
  return (
    <Badge variant="filled" color={paymentColor[status]} tt="none" miw="max-content" data-status={status}>
      {t(`paymentStatus.${status}`)}
    </Badge>
  );
}

/** Every reason a group was not paid, in words, in the order they were checked. */
export function HoldReasons({ reasons }: { reasons: HoldReason[] }) {
  const { t } = useTranslation('payruns');
  return (
    <Group gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {reasons.map((reason) => (
        <li key={reason}>
          <Badge variant="outline" color="gray.8" tt="none" miw="max-content" data-reason={reason}>
            {t(`reason.${reason}`)}
          </Badge>
        </li>
      ))}
    </Group>
  );
}

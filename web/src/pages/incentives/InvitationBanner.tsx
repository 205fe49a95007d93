import { Alert, Anchor, List, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { nameIn } from '../programs/model.ts';
import { incentivePath, type IncentiveSummary } from './model.ts';

/**
 * The invitations an Incentive admin can accept, shown at the top of the partner's pages. Takes
 * the list when the page already has it; otherwise loads it.
 */
export function InvitationBanner({ incentives }: { incentives?: IncentiveSummary[] | null }) {
  const { t, i18n } = useTranslation('incentives');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { can } = useSession();
  const [loaded, setLoaded] = useState<IncentiveSummary[] | null>(null);
  const allowed = can('incentives.manage');
  useEffect(() => {
    if (incentives !== undefined || !allowed) return;
    api<{ incentives: IncentiveSummary[] }>('/api/v1/incentives').then((r) => setLoaded(r.incentives), () => setLoaded([]));
  }, [incentives, allowed]);
  const invitations = (incentives ?? loaded ?? []).filter((i) => i.canAccept);
  if (!allowed || invitations.length === 0) return null;
  return (
    <Alert variant="light" color="blue" title={t('banner.title', { count: invitations.length })} data-testid="invitation-banner" role="region" aria-label={t('banner.title', { count: invitations.length })}>
      <Text>{t('banner.body')}</Text>
      <List mt="xs" spacing={4}>
        {invitations.map((i) => (
          <List.Item key={incentivePath(i)}>
            <Anchor component={Link} to={incentivePath(i)}>
              {t('banner.item', { program: nameIn(i.program.name, locale), location: i.location.name, locationId: i.location.locationId })}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

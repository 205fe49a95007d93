import { Anchor, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { AgreementsSection } from './AgreementsSection.tsx';
import { CompetenciesSection } from './CompetenciesSection.tsx';
import { LocationsSection } from './LocationsSection.tsx';
import { partnerPath, type PartnerDetail } from './model.ts';
import { PartnerForm } from './PartnerForm.tsx';
import { ChangeNotice } from './RowActions.tsx';

export function PartnerPage() {
  return (
    <RequirePermission permission="partners.read">
      <PartnerDetailView />
    </RequirePermission>
  );
}

function PartnerDetailView() {
  const { t } = useTranslation(['partners', 'common', 'earnings']);
  const { partnerId = '' } = useParams();
  const { can } = useSession();
  const manage = can('partners.manage');
  const [partner, setPartner] = useState<PartnerDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(partner?.legalName ?? t('partners:title'));

  const load = useCallback(async () => {
    try {
      setPartner(await api<PartnerDetail>(partnerPath(partnerId)));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
      else throw error;
    }
  }, [partnerId]);
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Anchor component={Link} to="/partners" size="sm">
      {t('partners:back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('partners:notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!partner) return null;
  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{partner.legalName}</Title>
          <Text mt="xs">
            {partner.partnerId} · {partner.country} · {t(`common:language.${partner.language}`)}
          </Text>
          <Anchor component={Link} to={`/partners/${encodeURIComponent(partner.partnerId)}/earnings`} size="sm" mt="xs" display="inline-block">
            {t('earnings:fromPartner')}
          </Anchor>
        </div>
        {manage ? (
          <Group gap="sm">
            <ChangeNotice text={notice} />
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('partners:actions.editPartner')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <LocationsSection partner={partner} manage={manage} onChanged={load} />
      <AgreementsSection partner={partner} manage={manage} onChanged={load} />
      <CompetenciesSection partner={partner} manage={manage} onChanged={load} />
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('partners:dialogs.editPartner')} size="lg">
        {editing ? (
          <PartnerForm
            partner={partner}
            onDone={(saved) => {
              setEditing(false);
              setPartner(saved);
              setNotice(t('partners:notices.saved'));
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import type { LocationTaxProfile } from './model.ts';
import { TaxFacts } from './TaxFacts.tsx';
import { TaxFormEditor } from './TaxFormEditor.tsx';

export function TaxProfilesPage() {
  return (
    <RequirePermission permission="incentives.read">
      <TaxProfiles />
    </RequirePermission>
  );
}

/** Each location in the reader's scope with its tax form; Incentive admins submit and edit them. */
function TaxProfiles() {
  const { t } = useTranslation('tax');
  usePageTitle(t('title'));
  const [entries, setEntries] = useState<LocationTaxProfile[] | null>(null);
  const [editing, setEditing] = useState<LocationTaxProfile | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    api<{ locations: LocationTaxProfile[] }>('/api/v1/tax-profiles').then((r) => setEntries(r.locations));
  }, []);

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('title')}</Title>
        <Text mt="xs">{t('intro')}</Text>
      </div>
      {entries && entries.length === 0 ? <Text>{t('none')}</Text> : null}
      {(entries ?? []).map((entry) => {
        const { location, profile } = entry;
        return (
          <Section key={location.locationId} id={`location-${location.locationId}`} title={t('locationHeading', { name: location.name, locationId: location.locationId })} intro={t('requiredForm', { form: entry.requiredForm })}>
            {saved === location.locationId ? (
              <Alert color="teal" variant="light" role="status">
                {t('saved')}
              </Alert>
            ) : null}
            {profile?.status === 'action_required' && profile.statusReason ? (
              <Alert color="orange" variant="light" data-testid="sent-back">
                {t('sentBack', { reason: profile.statusReason })}
              </Alert>
            ) : null}
            {profile?.status === 'expired' ? (
              <Alert color="red" variant="light">
                {t('expiredNote')}
              </Alert>
            ) : null}
            {profile ? <TaxFacts profile={profile} /> : <Text>{t('noForm')}</Text>}
            {entry.access === 'manage' ? (
              <Group>
                <Button variant={profile ? 'default' : 'filled'} onClick={() => setEditing(entry)}>
                  {t(profile ? 'edit' : 'submit')}
                </Button>
              </Group>
            ) : null}
          </Section>
        );
      })}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing ? t(editing.profile ? 'form.titleEdit' : 'form.titleNew', { name: `${editing.location.name} (${editing.location.locationId})` }) : ''}
      >
        {editing ? (
          <TaxFormEditor
            key={editing.location.locationId}
            entry={editing}
            onCancel={() => setEditing(null)}
            onSaved={(result) => {
              setEntries((current) => (current ?? []).map((e) => (e.location.locationId === result.location.locationId ? result : e)));
              setSaved(result.location.locationId);
              setEditing(null);
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

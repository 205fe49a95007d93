import { Badge, Button, Group, Modal, Table, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { LocationForm } from './LocationForm.tsx';
import { partnerPath, type Location, type PartnerDetail } from './model.ts';
import { ChangeNotice, RowActions, RowButton } from './RowActions.tsx';

/** The partner's locations; with partners.manage, added, edited, archived and restored here. */
export function LocationsSection({ partner, manage, onChanged }: { partner: PartnerDetail; manage: boolean; onChanged(): Promise<void> }) {
  const { t } = useTranslation('partners');
  const [editing, setEditing] = useState<{ location: Location | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const target = useRef<Location | null>(null);
  const archive = useSubmit(() => {
    const location = target.current!;
    return api<Location>(`${partnerPath(partner.partnerId)}/locations/${location.locationId}/${location.archived ? 'restore' : 'archive'}`, { method: 'POST' });
  });

  const toggleArchived = async (location: Location) => {
    if (archive.pending) return;
    target.current = location;
    setNotice(null);
    const result = await archive.submit();
    if (!result.ok) return;
    await onChanged();
    setNotice(t(result.value.archived ? 'notices.archived' : 'notices.restored', { id: location.locationId }));
  };

  return (
    <Section id="locations" title={t('sections.locations')}>
      {manage ? (
        <Group justify="space-between">
          <Button variant="light" onClick={() => setEditing({ location: null })}>
            {t('actions.addLocation')}
          </Button>
          <ChangeNotice text={notice} />
        </Group>
      ) : null}
      {partner.locations.some((l) => l.archived) ? <Text size="sm">{t('archivedHint')}</Text> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder data-testid="locations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('columns.locationId')}</Table.Th>
              <Table.Th scope="col">{t('columns.name')}</Table.Th>
              <Table.Th scope="col">{t('columns.country')}</Table.Th>
              <Table.Th scope="col">{t('columns.partnerType')}</Table.Th>
              <Table.Th scope="col">{t('columns.address')}</Table.Th>
              {manage ? <Table.Th scope="col">{t('columns.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {partner.locations.map((l) => (
              <Table.Tr key={l.locationId}>
                <Table.Td>
                  {l.locationId}{' '}
                  {l.archived ? (
                    <Badge variant="outline" color="dark" tt="none">
                      {t('archived')}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.country}</Table.Td>
                <Table.Td>{t(`partnerType.${l.partnerType}`)}</Table.Td>
                <Table.Td>{l.address || '—'}</Table.Td>
                {manage ? (
                  <Table.Td>
                    <RowActions>
                      {/* Archived: only Restore. The toggle keeps its place, so focus stays on it. */}
                      {l.archived ? null : (
                        <RowButton label={t('actions.edit')} name={t('actions.editNamed', { name: l.locationId })} onClick={() => setEditing({ location: l })} />
                      )}
                      <RowButton
                        label={t(l.archived ? 'actions.restore' : 'actions.archive')}
                        name={t(l.archived ? 'actions.restoreNamed' : 'actions.archiveNamed', { name: l.locationId })}
                        danger={!l.archived}
                        onClick={() => void toggleArchived(l)}
                      />
                    </RowActions>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <FormError error={archive.error} />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.location ? t('dialogs.editLocation', { id: editing.location.locationId }) : t('dialogs.addLocation')}
        size="lg"
      >
        {editing ? (
          <LocationForm
            partnerId={partner.partnerId}
            location={editing.location}
            defaultCountry={partner.country}
            onDone={async () => {
              setEditing(null);
              await onChanged();
              setNotice(t('notices.saved'));
            }}
          />
        ) : null}
      </Modal>
    </Section>
  );
}

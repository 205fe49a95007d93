import { Button, Group, Modal, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { Section } from '../../components/Section.tsx';
import { CompetencyForm } from './CompetencyForm.tsx';
import { ExpireForm } from './ExpireForm.tsx';
import { partnerPath, endsAfterToday, type Competency, type PartnerDetail } from './model.ts';
import { ChangeNotice, RowActions, RowButton, focusRow } from './RowActions.tsx';

type Dialog = { kind: 'add' } | { kind: 'edit'; competency: Competency } | { kind: 'expire'; competency: Competency };

/** The partner's competencies; with partners.manage, added, edited and expired here. */
export function CompetenciesSection({ partner, manage, onChanged }: { partner: PartnerDetail; manage: boolean; onChanged(): Promise<void> }) {
  const { t, i18n } = useTranslation('partners');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const date = (d: string | null) => (d ? formatDate(d, locale) : t('noEnd'));
  const nameOf = (c: Competency) => `${c.name} ${date(c.validFrom)}`;
  const done = async (competency: Competency) => {
    setDialog(null);
    await onChanged();
    setNotice(t('notices.saved'));
    focusRow(competency.id);
  };
  const title = dialog
    ? { add: t('dialogs.addCompetency'), edit: t('dialogs.editCompetency'), expire: t('dialogs.expireCompetency') }[dialog.kind]
    : '';

  return (
    <Section id="competencies" title={t('sections.competencies')}>
      {manage ? (
        <Group justify="space-between">
          <Button variant="light" onClick={() => setDialog({ kind: 'add' })}>
            {t('actions.addCompetency')}
          </Button>
          <ChangeNotice text={notice} />
        </Group>
      ) : null}
      {partner.competencies.length === 0 ? (
        <Text>{t('none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder data-testid="competencies-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('columns.name')}</Table.Th>
                <Table.Th scope="col">{t('columns.level')}</Table.Th>
                <Table.Th scope="col">{t('columns.validFrom')}</Table.Th>
                <Table.Th scope="col">{t('columns.validTo')}</Table.Th>
                {manage ? <Table.Th scope="col">{t('columns.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partner.competencies.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{t(`level.${c.level}`)}</Table.Td>
                  <Table.Td>{date(c.validFrom)}</Table.Td>
                  <Table.Td>{date(c.validTo)}</Table.Td>
                  {manage ? (
                    <Table.Td>
                      <RowActions>
                        <RowButton label={t('actions.edit')} name={t('actions.editNamed', { name: nameOf(c) })} focusKey={c.id} onClick={() => setDialog({ kind: 'edit', competency: c })} />
                        {endsAfterToday(c.validTo) ? (
                          <RowButton label={t('actions.expire')} name={t('actions.expireNamed', { name: nameOf(c) })} danger onClick={() => setDialog({ kind: 'expire', competency: c })} />
                        ) : null}
                      </RowActions>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={dialog !== null} onClose={() => setDialog(null)} title={title} size="lg">
        {dialog?.kind === 'expire' ? (
          <ExpireForm<Competency>
            path={`${partnerPath(partner.partnerId)}/competencies/${dialog.competency.id}`}
            intro={t('dialogs.expireCompetencyIntro')}
            onDone={done}
          />
        ) : dialog ? (
          <CompetencyForm partnerId={partner.partnerId} competency={dialog.kind === 'edit' ? dialog.competency : null} onDone={done} />
        ) : null}
      </Modal>
    </Section>
  );
}

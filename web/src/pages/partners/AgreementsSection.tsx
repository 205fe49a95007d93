import { Button, Group, Modal, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { Section } from '../../components/Section.tsx';
import { AgreementForm } from './AgreementForm.tsx';
import { ExpireForm } from './ExpireForm.tsx';
import { partnerPath, type Agreement, type PartnerDetail } from './model.ts';
import { ChangeNotice, RowActions, RowButton, focusRow } from './RowActions.tsx';

type Dialog = { kind: 'add' } | { kind: 'edit'; agreement: Agreement } | { kind: 'expire'; agreement: Agreement };

/** The partner's agreements; with partners.manage, added, edited and expired here. */
export function AgreementsSection({ partner, manage, onChanged }: { partner: PartnerDetail; manage: boolean; onChanged(): Promise<void> }) {
  const { t, i18n } = useTranslation('partners');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const date = (d: string | null) => (d ? formatDate(d, locale) : t('noEnd'));
  const nameOf = (a: Agreement) => `${t(`agreementType.${a.type}`)} ${a.locationId ?? t('wholeOrganization')} ${date(a.validFrom)}`;
  const done = async (agreement: Agreement) => {
    setDialog(null);
    await onChanged();
    setNotice(t('notices.saved'));
    focusRow(agreement.id);
  };
  const title = dialog
    ? { add: t('dialogs.addAgreement'), edit: t('dialogs.editAgreement'), expire: t('dialogs.expireAgreement') }[dialog.kind]
    : '';

  return (
    <Section id="agreements" title={t('sections.agreements')}>
      {manage ? (
        <Group justify="space-between">
          <Button variant="light" onClick={() => setDialog({ kind: 'add' })}>
            {t('actions.addAgreement')}
          </Button>
          <ChangeNotice text={notice} />
        </Group>
      ) : null}
      {partner.agreements.length === 0 ? (
        <Text>{t('none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table withTableBorder data-testid="agreements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('columns.type')}</Table.Th>
                <Table.Th scope="col">{t('columns.scope')}</Table.Th>
                <Table.Th scope="col">{t('columns.status')}</Table.Th>
                <Table.Th scope="col">{t('columns.validFrom')}</Table.Th>
                <Table.Th scope="col">{t('columns.validTo')}</Table.Th>
                {manage ? <Table.Th scope="col">{t('columns.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partner.agreements.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{t(`agreementType.${a.type}`)}</Table.Td>
                  <Table.Td>{a.locationId ?? t('wholeOrganization')}</Table.Td>
                  <Table.Td>{t(`agreementStatus.${a.status}`)}</Table.Td>
                  <Table.Td>{date(a.validFrom)}</Table.Td>
                  <Table.Td>{date(a.validTo)}</Table.Td>
                  {manage ? (
                    <Table.Td>
                      <RowActions>
                        <RowButton label={t('actions.edit')} name={t('actions.editNamed', { name: nameOf(a) })} focusKey={a.id} onClick={() => setDialog({ kind: 'edit', agreement: a })} />
                        {a.status === 'active' ? (
                          <RowButton label={t('actions.expire')} name={t('actions.expireNamed', { name: nameOf(a) })} danger onClick={() => setDialog({ kind: 'expire', agreement: a })} />
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
          <ExpireForm<Agreement>
            path={`${partnerPath(partner.partnerId)}/agreements/${dialog.agreement.id}`}
            intro={t('dialogs.expireAgreementIntro')}
            onDone={done}
          />
        ) : dialog ? (
          <AgreementForm partner={partner} agreement={dialog.kind === 'edit' ? dialog.agreement : null} onDone={done} />
        ) : null}
      </Modal>
    </Section>
  );
}

import { Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { useReauthenticated } from '../../components/ReauthDialog.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { BankDetailsForm, currencyList } from './BankDetailsForm.tsx';
import { fieldMessage, paymentStatusColor, type BankChange, type BankDetailsView, type PaymentProfile, type PaymentProfileStatus } from './model.ts';

export function PaymentProfilesPage() {
  return (
    <RequirePermission permission="incentives.read">
      <PaymentProfiles />
    </RequirePermission>
  );
}

type Editing = { kind: 'bank'; profile: PaymentProfile | null } | { kind: 'name'; profile: PaymentProfile } | null;

export function PaymentStatusBadge({ status }: { status: PaymentProfileStatus }) {
  const { t } = useTranslation('payments');
  return (
    <Badge variant="filled" color={paymentStatusColor[status]} tt="none" miw="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}

/** The bank details as everyone but the edit form shows them: the account masked to its last 4. */
export function BankDetailsList({ details }: { details: BankDetailsView }) {
  const { t, i18n } = useTranslation('payments');
  const country = new Intl.DisplayNames([i18n.language], { type: 'region', fallback: 'code' }).of(details.bankCountry) ?? details.bankCountry;
  const rows: [string, string][] = [
    [t('fields.bankCountry'), `${country} (${details.bankCountry})`],
    [t('fields.accountHolder'), details.accountHolder],
    [t(details.scheme === 'iban' ? 'fields.iban' : 'fields.accountNumber'), details.accountMasked],
    ...(details.routingNumber ? [[t('fields.routingNumber'), details.routingNumber] as [string, string]] : []),
    ...(details.bic ? [[t('fields.bic'), details.bic] as [string, string]] : []),
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function PaymentProfiles() {
  const { t, i18n } = useTranslation('payments');
  usePageTitle(t('title'));
  const { can } = useSession();
  const manage = can('incentives.manage');
  const [data, setData] = useState<{ profiles: PaymentProfile[]; newProfileRequests: BankChange[] } | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(() => api<{ profiles: PaymentProfile[]; newProfileRequests: BankChange[] }>('/api/v1/payment-profiles').then(setData), []);
  useEffect(() => {
    void load();
  }, [load]);
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    void load();
  };

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('title')}</Title>
          <Text mt="xs">{t(manage ? 'intro.manage' : 'intro.read')}</Text>
        </div>
        {manage ? <Button onClick={() => setEditing({ kind: 'bank', profile: null })}>{t('actions.add')}</Button> : null}
      </Group>
      {notice ? (
        <Alert color="green" variant="light" role="status" withCloseButton closeButtonLabel={t('actions.dismiss')} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      {data?.newProfileRequests.map((change) => (
        <PendingChange key={change.id} change={change} onChanged={done} />
      ))}
      {data && data.profiles.length === 0 && data.newProfileRequests.length === 0 ? <Text>{t('none')}</Text> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {data?.profiles.map((profile) => (
          <Card key={profile.id} withBorder padding="lg" component="section" aria-label={profile.name} data-profile={profile.name}>
            <Stack gap="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Title order={2} size="h3">
                  {profile.name}
                </Title>
                <Group gap="xs">
                  {profile.archived ? (
                    <Badge variant="outline" color="gray.8" tt="none">
                      {t('archived')}
                    </Badge>
                  ) : null}
                  <PaymentStatusBadge status={profile.status} />
                </Group>
              </Group>
              <BankDetailsList details={profile} />
              <Text size="sm">
                {t('currenciesLine', { currencies: profile.acceptedCurrencies.join(', ') })} · {t('assignments', { count: profile.assignments })}
              </Text>
              {profile.status === 'action_required' && profile.statusReason ? (
                <Alert color="orange" variant="light" title={t('sentBack')}>
                  {profile.statusReason}
                </Alert>
              ) : null}
              {profile.pendingChange ? <PendingChange change={profile.pendingChange} onChanged={done} /> : null}
              {manage ? (
                <Group gap="xs">
                  {!profile.archived && !profile.pendingChange ? (
                    <Button variant="light" onClick={() => setEditing({ kind: 'bank', profile })}>
                      {t('actions.changeBank')}
                    </Button>
                  ) : null}
                  <Button variant="default" onClick={() => setEditing({ kind: 'name', profile })}>
                    {t('actions.edit')}
                  </Button>
                  <ArchiveButton profile={profile} onChanged={() => done(t(profile.archived ? 'restored' : 'archivedNotice', { name: profile.name }))} />
                </Group>
              ) : null}
              <Text size="xs" c="dimmed">
                {t('updated', { date: formatDate(profile.updatedAt.slice(0, 10), isLocale(i18n.language) ? i18n.language : defaultLocale) })}
              </Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <Modal
        opened={editing?.kind === 'bank'}
        onClose={() => setEditing(null)}
        title={editing?.kind === 'bank' && editing.profile ? t('form.changeTitle', { name: editing.profile.name }) : t('form.newTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('form.cancel') }}
      >
        {editing?.kind === 'bank' ? (
          <BankDetailsForm
            profile={editing.profile}
            onCancel={() => setEditing(null)}
            onDone={(result) => done(t(result.confirmation === 'link' ? 'submitted.link' : 'submitted.admin'))}
          />
        ) : null}
      </Modal>
      <Modal opened={editing?.kind === 'name'} onClose={() => setEditing(null)} title={t('actions.edit')} closeButtonProps={{ 'aria-label': t('form.cancel') }}>
        {editing?.kind === 'name' ? <NameForm profile={editing.profile} onCancel={() => setEditing(null)} onDone={() => done(t('saved'))} /> : null}
      </Modal>
    </Stack>
  );
}

function ArchiveButton({ profile, onChanged }: { profile: PaymentProfile; onChanged(): void }) {
  const { t } = useTranslation('payments');
  const { submit, pending, error } = useSubmit(() => api(`/api/v1/payment-profiles/${profile.id}/${profile.archived ? 'restore' : 'archive'}`, { method: 'POST' }));
  return (
    <>
      <Button variant="default" loading={pending} onClick={async () => (await submit()).ok && onChanged()}>
        {t(profile.archived ? 'actions.restore' : 'actions.archive')}
      </Button>
      {error ? (
        <div style={{ flexBasis: '100%' }}>
          <FormError error={error} />
        </div>
      ) : null}
    </>
  );
}

function NameForm({ profile, onDone, onCancel }: { profile: PaymentProfile; onDone(): void; onCancel(): void }) {
  const { t, i18n } = useTranslation('payments');
  const [name, setName] = useState(profile.name);
  const [currencies, setCurrencies] = useState(profile.acceptedCurrencies.join(', '));
  const { submit, pending, error } = useSubmit(() =>
    api(`/api/v1/payment-profiles/${profile.id}`, { method: 'PATCH', json: { expectedVersion: profile.version, name: name.trim(), acceptedCurrencies: currencyList(currencies) } }),
  );
  const message = (field: string) => fieldMessage(error, field, t, (key) => i18n.exists(key));
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if ((await submit()).ok) onDone();
      }}
    >
      <Stack gap="sm">
        <TextInput label={t('fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={message('name')} maxLength={100} />
        <TextInput label={t('fields.currencies')} description={t('form.currenciesHint')} required value={currencies} onChange={(e) => setCurrencies(e.currentTarget.value)} error={message('acceptedCurrencies')} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A change waiting for a second admin: who entered it, what it sets, and Confirm / Cancel for those who may. */
function PendingChange({ change, onChanged }: { change: BankChange; onChanged(message: string): void }) {
  const { t, i18n } = useTranslation('payments');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { run, dialog } = useReauthenticated();
  const confirm = useSubmit(() => run(() => api(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' })));
  const cancel = useSubmit(() => api(`/api/v1/bank-changes/${change.id}/cancel`, { method: 'POST' }));
  const title = change.paymentProfileId ? t('pending.title') : t('pending.newTitle', { name: change.name });
  return (
    <Alert color="yellow" variant="light" title={title} data-testid="pending-change" role="region" aria-label={title}>
      <Stack gap="xs">
        <Text size="sm">
          {t('pending.by', { name: change.requestedBy?.name ?? '', email: change.requestedBy?.email ?? '', date: formatDate(change.requestedAt.slice(0, 10), locale) })}
        </Text>
        <BankDetailsList details={change} />
        <Text size="sm">{t(change.confirmation === 'link' ? 'pending.waitingLink' : 'pending.waitingAdmin')}</Text>
        <FormError error={confirm.error ?? cancel.error} />
        {change.canConfirm || change.canCancel ? (
          <Group gap="xs">
            {change.canConfirm ? (
              <Button loading={confirm.pending} onClick={async () => (await confirm.submit()).ok && onChanged(t('pending.confirmed'))}>
                {t('actions.confirm')}
              </Button>
            ) : null}
            {change.canCancel ? (
              <Button variant="default" loading={cancel.pending} onClick={async () => (await cancel.submit()).ok && onChanged(t('pending.cancelled'))}>
                {t('actions.cancelChange')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
      {dialog}
    </Alert>
  );
}

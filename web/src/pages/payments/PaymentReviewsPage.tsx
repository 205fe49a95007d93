import { Alert, Anchor, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { countryCodes } from '../../../../src/modules/partners/countries.ts';
import { api } from '../../api.ts';
import { ReasonForm } from '../../components/ReasonForm.tsx';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { paymentStatuses, type PaymentReview } from './model.ts';
import { BankDetailsList, PaymentStatusBadge } from './PaymentProfilesPage.tsx';

export function PaymentReviewsPage() {
  return (
    <RequirePermission permission="partners.read">
      <ReviewQueue />
    </RequirePermission>
  );
}

export function PaymentReviewPage() {
  return (
    <RequirePermission permission="partners.read">
      <ReviewDetail />
    </RequirePermission>
  );
}

/** The operators' queue of payment profiles to validate: by status (Pending validation first), bank country and search. */
function ReviewQueue() {
  const { t, i18n } = useTranslation('payments');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('reviews.title'));
  const [status, setStatus] = useState('pending_validation');
  const [country, setCountry] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [data, setData] = useState<{ profiles: PaymentReview[]; total: number } | null>(null);
  useEffect(() => {
    const query = new URLSearchParams({ status, limit: '100' });
    if (country) query.set('country', country);
    if (q) query.set('q', q);
    api<{ profiles: PaymentReview[]; total: number }>(`/api/v1/payment-reviews?${query}`).then(setData, () => setData({ profiles: [], total: 0 }));
  }, [status, country, q]);
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    return [...countryCodes].map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [locale]);

  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={1}>{t('reviews.title')}</Title>
        <Text mt="xs">{t('reviews.intro')}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect label={t('reviews.status')} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {paymentStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect label={t('fields.bankCountry')} value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
          <option value="">{t('reviews.anyCountry')}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </NativeSelect>
        <TextInput label={t('reviews.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </SimpleGrid>
      <Text role="status">{data ? t('reviews.count', { count: data.total }) : ''}</Text>
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reviews.partner')}</Table.Th>
              <Table.Th scope="col">{t('fields.name')}</Table.Th>
              <Table.Th scope="col">{t('fields.bankCountry')}</Table.Th>
              <Table.Th scope="col">{t('reviews.account')}</Table.Th>
              <Table.Th scope="col">{t('reviews.status')}</Table.Th>
              <Table.Th scope="col">{t('reviews.changed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.profiles.map((p) => (
              <Table.Tr key={p.id} data-profile={p.name}>
                <Table.Td>
                  <Anchor component={Link} to={`/payment-reviews/${p.id}`}>
                    {p.partner.legalName}
                  </Anchor>
                  <Text size="sm">{p.partner.partnerId}</Text>
                </Table.Td>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.bankCountry}</Table.Td>
                <Table.Td>{p.accountMasked}</Table.Td>
                <Table.Td>
                  <PaymentStatusBadge status={p.status} />
                </Table.Td>
                <Table.Td>{formatDate(p.updatedAt.slice(0, 10), locale)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** One profile for an operator: masked, with an audited reveal, approve and send back for validators. */
function ReviewDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation('payments');
  const { can } = useSession();
  const validator = can('profiles.validate');
  const [profile, setProfile] = useState<PaymentReview | null>(null);
  const [missing, setMissing] = useState(false);
  const [account, setAccount] = useState<string | null>(null);
  const [sendingBack, setSendingBack] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(profile ? `${profile.name} · ${profile.partner.legalName}` : t('reviews.title'));
  const load = useCallback(() => api<PaymentReview>(`/api/v1/payment-reviews/${id}`).then(setProfile, () => setMissing(true)), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const reveal = useSubmit(() => api<{ account: string }>(`/api/v1/payment-reviews/${id}/reveal`, { method: 'POST' }));
  const approve = useSubmit(() => api<PaymentReview>(`/api/v1/payment-reviews/${id}/approve`, { method: 'POST' }));

  if (missing) return <Text>{t('reviews.missing')}</Text>;
  if (!profile) return null;
  return (
    <Stack gap="md" maw={900}>
      <Anchor component={Link} to="/payment-reviews" size="sm">
        {t('reviews.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={1}>{profile.name}</Title>
        <PaymentStatusBadge status={profile.status} />
      </Group>
      <Text>
        {profile.partner.legalName} ({profile.partner.partnerId})
      </Text>
      {notice ? (
        <Alert color="green" variant="light" role="status">
          {notice}
        </Alert>
      ) : null}
      {profile.status === 'action_required' && profile.statusReason ? (
        <Alert color="orange" variant="light" title={t('sentBack')}>
          {profile.statusReason}
        </Alert>
      ) : null}
      <Section title={t('reviews.details')}>
        <BankDetailsList details={profile} />
        <Text size="sm">
          {t('currenciesLine', { currencies: profile.acceptedCurrencies.join(', ') })}
        </Text>
        {validator ? (
          account ? (
            <Text>
              {t('reviews.fullAccount')}: <Text span ff="monospace" data-testid="full-account">{account}</Text>
            </Text>
          ) : (
            <Group>
              <Button variant="default" loading={reveal.pending} onClick={async () => {
                const result = await reveal.submit();
                if (result.ok) setAccount(result.value.account);
              }}>
                {t('reviews.reveal')}
              </Button>
              <Text size="sm">{t('reviews.revealHint')}</Text>
            </Group>
          )
        ) : null}
      </Section>
      {validator ? (
        <Group>
          {profile.status === 'pending_validation' && !profile.archived ? (
            <Button loading={approve.pending} onClick={async () => {
              const result = await approve.submit();
              if (result.ok) {
                setProfile(result.value);
                setNotice(t('reviews.approved'));
              }
            }}>
              {t('reviews.approve')}
            </Button>
          ) : null}
          {profile.status !== 'action_required' && !profile.archived ? (
            <Button variant="default" color="red.9" onClick={() => setSendingBack(true)}>
              {t('reviews.sendBack')}
            </Button>
          ) : null}
        </Group>
      ) : null}
      <FormError error={approve.error ?? reveal.error} />
      <Modal opened={sendingBack} onClose={() => setSendingBack(false)} title={t('reviews.sendBack')} closeButtonProps={{ 'aria-label': t('form.cancel') }}>
        <ReasonForm
          label={t('reviews.reason')}
          hint={t('reviews.reasonHint')}
          submitLabel={t('reviews.sendBack')}
          cancelLabel={t('form.cancel')}
          send={(reason) => api<PaymentReview>(`/api/v1/payment-reviews/${id}/send-back`, { json: { reason: reason.trim() } })}
          onDone={(result) => {
            setProfile(result);
            setSendingBack(false);
            setNotice(t('reviews.sentBackNotice'));
          }}
          onCancel={() => setSendingBack(false)}
        />
      </Modal>
    </Stack>
  );
}

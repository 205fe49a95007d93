import { Alert, Anchor, Button, Group, Modal, Radio, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { ReasonForm } from '../../components/ReasonForm.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { formatRate, type TaxReview } from './model.ts';
import { TaxFacts } from './TaxFacts.tsx';

export function TaxReviewPage() {
  return (
    <RequirePermission permission="partners.read">
      <TaxReviewView />
    </RequirePermission>
  );
}

type Kind = 'approve' | 'sendBack';

/** One tax form for an operator; holders of profiles.validate reveal the full id (audited) and decide. */
function TaxReviewView() {
  const { t, i18n } = useTranslation('tax');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { id = '' } = useParams();
  const { can } = useSession();
  const [review, setReview] = useState<TaxReview | null>(null);
  const [missing, setMissing] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [decided, setDecided] = useState<Kind | null>(null);
  const [kind, setKind] = useState<Kind>('approve');
  const [opened, { open, close }] = useDisclosure(false);
  usePageTitle(review ? `${review.location.name} · ${review.form}` : t('review.title'));

  const load = useCallback(async () => {
    try {
      setReview(await api<TaxReview>(`/api/v1/tax-reviews/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
      else throw error;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Anchor component={Link} to="/tax-reviews" size="sm">
      {t('review.back')}
    </Anchor>
  );
  if (missing) return <Stack>{back}</Stack>;
  if (!review) return null;
  const r = review;
  const validator = can('profiles.validate');
  const leading: [string, ReactNode][] = [
    [t('review.partner'), `${r.partner.legalName} (${r.partner.partnerId})`],
    [t('review.location'), `${r.location.name} (${r.location.locationId}) · ${r.location.country}`],
  ];
  const extra: [string, ReactNode][] = [
    [t('review.submittedAt'), formatDateTime(r.submittedAt, locale)],
    ...(r.reviewedAt ? [[t('review.reviewedAt'), formatDateTime(r.reviewedAt, locale)] as [string, ReactNode]] : []),
  ];
  const show = (which: Kind) => {
    setKind(which);
    setDecided(null);
    open();
  };
  const done = (result: TaxReview, which: Kind) => {
    setReview(result);
    setDecided(which);
    close();
  };

  return (
    <Stack gap="lg" maw={1100}>
      {back}
      <Title order={1}>{t('review.detailTitle', { form: r.form, name: r.location.name })}</Title>
      {decided ? (
        <Alert color="teal" variant="light" role="status">
          {t(decided === 'approve' ? 'review.approve.done' : 'review.sendBack.done')}
        </Alert>
      ) : null}
      {r.status === 'action_required' && r.statusReason ? (
        <Alert color="orange" variant="light">
          {t('sentBack', { reason: r.statusReason })}
        </Alert>
      ) : null}
      <Section id="form" title={r.form}>
        <TaxFacts profile={r} leading={leading} extra={extra} />
        {validator ? (
          revealed ? (
            <Text data-testid="revealed-tax-id">{t('review.revealed', { taxId: revealed })}</Text>
          ) : (
            <Group>
              <Button variant="default" onClick={async () => setRevealed((await api<{ taxId: string }>(`/api/v1/tax-reviews/${encodeURIComponent(r.id)}/tax-id`)).taxId)}>
                {t('review.reveal')}
              </Button>
            </Group>
          )
        ) : null}
      </Section>
      <Section id="decision" title={t('review.decision.title')} intro={validator ? t('review.decision.intro') : t('review.decision.readOnly')}>
        {validator ? (
          <Group>
            {r.status === 'pending_validation' ? <Button onClick={() => show('approve')}>{t('review.approve.open')}</Button> : null}
            {['pending_validation', 'valid', 'expiring_soon'].includes(r.status) ? (
              <Button variant="outline" onClick={() => show('sendBack')}>
                {t('review.sendBack.open')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Section>
      <Modal opened={opened} onClose={close} size="lg" title={t(kind === 'approve' ? 'review.approve.title' : 'review.sendBack.title')}>
        {kind === 'approve' ? <ApproveForm review={r} onCancel={close} onDone={(x) => done(x, 'approve')} /> : <SendBackForm review={r} onCancel={close} onDone={(x) => done(x, 'sendBack')} />}
      </Modal>
    </Stack>
  );
}

interface FormProps {
  review: TaxReview;
  onDone(result: TaxReview): void;
  onCancel(): void;
}

function ApproveForm({ review, onDone, onCancel }: FormProps) {
  const { t, i18n } = useTranslation('tax');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [accept, setAccept] = useState<string>('');
  const treaty = review.treaty;
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<TaxReview>(`/api/v1/tax-reviews/${encodeURIComponent(review.id)}/approve`, {
      json: { expectedVersion: review.version, ...(treaty && accept ? { acceptTreaty: accept === 'yes' } : {}) },
    }),
  );
  const country = (code: string) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onDone(result.value);
      }}
    >
      <Stack gap="sm">
        <Text>{t('review.approve.body')}</Text>
        {treaty ? (
          <>
            <Text fw={600}>{t('review.approve.treaty', { country: country(treaty.country), rate: formatRate(treaty.rate, locale) })}</Text>
            <Radio.Group label={t('review.approve.acceptTreaty')} required value={accept} onChange={setAccept} error={fieldError('acceptTreaty') && !accept ? t('review.approve.chooseOne') : undefined}>
              <Stack gap="xs" mt="xs">
                <Radio value="yes" label={t('review.approve.yes')} data-autofocus />
                <Radio value="no" label={t('review.approve.no')} />
              </Stack>
            </Radio.Group>
          </>
        ) : null}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('review.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('review.approve.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SendBackForm({ review, onDone, onCancel }: FormProps) {
  const { t } = useTranslation('tax');
  return (
    <ReasonForm
      intro={t('review.sendBack.body')}
      label={t('review.sendBack.reason')}
      hint={t('review.sendBack.reasonHint')}
      submitLabel={t('review.sendBack.submit')}
      cancelLabel={t('review.cancel')}
      send={(reason) => api<TaxReview>(`/api/v1/tax-reviews/${encodeURIComponent(review.id)}/send-back`, { json: { reason } })}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

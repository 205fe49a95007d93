import { Alert, Anchor, Badge, Button, Group, Select, Stack, Switch, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMonth } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import type { Payout, PayoutProfile } from './model.ts';

const profileLabel = (p: PayoutProfile) => `${p.name} · ${p.account}`;

/**
 * How a location's earnings in a program are paid: the payment profile (masked), the payout
 * currency, and "hold my payment", which applies from the next month's payment run.
 */
export function PayoutSection({ path, onChanged }: { path: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation(['incentives', 'enrollments']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [payout, setPayout] = useState<Payout | null>(null);
  const [profileId, setProfileId] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const show = useCallback((p: Payout) => {
    setPayout(p);
    setProfileId(p.paymentProfile?.id ?? null);
    setCurrency(p.payoutCurrency);
  }, []);
  useEffect(() => {
    api<Payout>(`${path}/payout`).then(show, () => setPayout(null));
  }, [path, show]);

  const save = useSubmit(() => api<Payout>(`${path}/payout`, { method: 'PUT', json: { paymentProfileId: profileId, payoutCurrency: currency } }));
  const hold = useSubmit((next: boolean) => api<Payout>(`${path}/hold`, { method: 'PUT', json: { hold: next } }));

  if (!payout) return null;
  const chosen = payout.options.find((o) => o.id === profileId) ?? null;
  const month = (from: string | null) => (from ? formatMonth(from.slice(0, 7), locale) : '');
  const holdLine = payout.holdEffectiveFrom
    ? t(payout.hold ? 'payout.hold.from' : 'payout.hold.clearedFrom', { month: month(payout.holdEffectiveFrom) })
    : null;

  return (
    <Section id="payout" title={t('payout.title')} intro={t('payout.intro')}>
      {saved ? (
        <Alert color="green" variant="light" role="status">
          {saved}
        </Alert>
      ) : null}
      {payout.access === 'read' ? (
        <Stack gap="xs">
          <Text>
            <Text span fw={600}>
              {t('payout.profile')}:
            </Text>{' '}
            {payout.paymentProfile ? profileLabel(payout.paymentProfile) : t('payout.none')}
          </Text>
          {payout.payoutCurrency ? (
            <Text>
              <Text span fw={600}>
                {t('payout.currency')}:
              </Text>{' '}
              {payout.payoutCurrency}
            </Text>
          ) : null}
        </Stack>
      ) : payout.options.length === 0 ? (
        <Group>
          <Text>{t('payout.noProfiles')}</Text>
          <Anchor component={Link} to="/payment-profiles">
            {t('payout.addProfile')}
          </Anchor>
        </Group>
      ) : (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await save.submit();
            if (result.ok) {
              show(result.value);
              setSaved(t('payout.saved'));
              onChanged();
            }
          }}
        >
          <Stack gap="sm" maw={520}>
            <FormError error={save.error} />
            <Select
              label={t('payout.profile')}
              placeholder={t('payout.choose')}
              data={payout.options.map((o) => ({ value: o.id, label: profileLabel(o) }))}
              value={profileId}
              onChange={(value) => {
                setProfileId(value);
                const next = payout.options.find((o) => o.id === value);
                if (next && (!currency || !next.acceptedCurrencies.includes(currency))) setCurrency(next.acceptedCurrencies[0] ?? null);
              }}
              error={save.fieldError('paymentProfileId')}
              required
            />
            {chosen ? (
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {chosen.bankCountry}
                </Text>
                <Badge variant="light" color={chosen.status === 'approved' ? 'green' : chosen.status === 'action_required' ? 'orange' : 'blue'}>
                  {t(`enrollments:profileStatus.${chosen.status}`)}
                </Badge>
              </Group>
            ) : null}
            <Select
              label={t('payout.currency')}
              data={chosen?.acceptedCurrencies ?? []}
              value={currency}
              onChange={setCurrency}
              error={save.fieldError('payoutCurrency')}
              disabled={!chosen}
              required
            />
            <Group>
              <Button type="submit" loading={save.pending} disabled={!profileId || !currency}>
                {t('payout.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      <Stack gap="xs" mt="md">
        <Switch
          label={t('payout.hold.label')}
          description={t('payout.hold.description')}
          checked={payout.hold}
          disabled={payout.access !== 'manage'}
          onChange={async (event) => {
            if (hold.pending) return;
            const result = await hold.submit(event.currentTarget.checked);
            if (result.ok) {
              show(result.value);
              setSaved(t('payout.hold.saved', { month: month(result.value.holdEffectiveFrom) }));
            }
          }}
        />
        <FormError error={hold.error} />
        {holdLine ? <Text size="sm">{holdLine}</Text> : null}
        {payout.heldThisMonth ? (
          <Alert color="orange" variant="light">
            {t('payout.hold.heldNow')}
          </Alert>
        ) : null}
      </Stack>
    </Section>
  );
}

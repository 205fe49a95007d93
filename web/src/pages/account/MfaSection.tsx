import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useReauthenticated } from '../../components/ReauthDialog.tsx';
import { RecoveryCodes, TotpSetup } from '../../components/TotpSetup.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession } from '../../session.tsx';
import { Done, Section } from './Section.tsx';

/** Two-step verification: its state, set-up, new recovery codes and turning it off. */
export function MfaSection() {
  const { t } = useTranslation('account');
  const { session, refresh } = useSession();
  // On as soon as the first code is accepted, though the session is refreshed after the codes are saved.
  const [enabledNow, setEnabledNow] = useState(false);
  const on = (session?.user?.mfaEnabled ?? false) || enabledNow;
  const { run, dialog } = useReauthenticated();
  const [mode, setMode] = useState<'idle' | 'setup' | 'confirmOff'>('idle');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const turnOff = useSubmit(() => run(() => api<void>('/api/v1/me/mfa/totp', { method: 'DELETE' })));
  const regenerate = useSubmit(() => run(() => api<{ recoveryCodes: string[] }>('/api/v1/me/mfa/recovery-codes', { method: 'POST' })));

  const body = () => {
    if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
    if (mode === 'setup') {
      return (
        <TotpSetup
          run={run}
          onCancel={() => setMode('idle')}
          onEnabled={() => setEnabledNow(true)}
          onDone={async () => {
            await refresh();
            setEnabledNow(false);
            setMode('idle');
            setNotice(t('mfa.enabled'));
          }}
        />
      );
    }
    if (!on) {
      return (
        <div>
          <Button onClick={() => (setNotice(null), setMode('setup'))}>{t('mfa.setUp')}</Button>
        </div>
      );
    }
    if (mode === 'confirmOff') {
      return (
        <>
          <Text fw={500}>{t('mfa.turnOffConfirm')}</Text>
          <Group>
            <Button
              color="red.9"
              loading={turnOff.pending}
              onClick={async () => {
                const result = await turnOff.submit();
                if (!result.ok) return;
                await refresh();
                setMode('idle');
                setNotice(t('mfa.turnedOff'));
              }}
            >
              {t('mfa.turnOff')}
            </Button>
            <Button variant="default" onClick={() => setMode('idle')}>
              {t('mfa.cancel')}
            </Button>
          </Group>
        </>
      );
    }
    return (
      <>
        <Text size="sm">{t('mfa.newCodesHint')}</Text>
        <Group>
          <Button
            variant="default"
            loading={regenerate.pending}
            onClick={async () => {
              setNotice(null);
              const result = await regenerate.submit();
              if (result.ok) setCodes(result.value.recoveryCodes);
            }}
          >
            {t('mfa.newCodes')}
          </Button>
          <Button variant="outline" color="red.9" onClick={() => (setNotice(null), setMode('confirmOff'))}>
            {t('mfa.turnOff')}
          </Button>
        </Group>
      </>
    );
  };

  return (
    <Section id="mfa" title={t('mfa.title')} intro={t('mfa.intro')}>
      <Text fw={700} data-testid="mfa-status">
        {t('mfa.status', { status: on ? t('mfa.on') : t('mfa.off') })}
      </Text>
      {notice ? <Done>{notice}</Done> : null}
      {body()}
      <FormError error={turnOff.error ?? regenerate.error} />
      {dialog}
    </Section>
  );
}

import { Box, Button, Code, CopyButton, Group, Image, List, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { FormError, useSubmit } from '../forms.tsx';
import { useSession } from '../session.tsx';

interface Setup {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

interface Enabled {
  recoveryCodes: string[];
  stage: string;
}

type Guard = <T>(action: () => Promise<T>) => Promise<T>;
const direct: Guard = (action) => action();

/**
 * Sets up an authenticator app: starts at once with a new secret (QR code and text), turns
 * verification on with a first code, then shows the recovery codes once. `onDone` gets the sign-in
 * stage the server answered with. `run` wraps the requests (the re-authentication helper).
 */
export function TotpSetup({
  onDone,
  onEnabled,
  onCancel,
  run = direct,
  headingOrder = 3,
}: {
  onDone(stage: string): void;
  /** Verification is on; the recovery codes are being shown. */
  onEnabled?(): void;
  onCancel?(): void;
  run?: Guard;
  /** The level of the recovery codes' heading, under the page's own headings. */
  headingOrder?: 2 | 3;
}) {
  const { t } = useTranslation('account');
  const [setup, setSetup] = useState<Setup | null>(null);
  const [enabled, setEnabled] = useState<Enabled | null>(null);
  const [code, setCode] = useState('');
  const start = useSubmit(() => run(() => api<Setup>('/api/v1/me/mfa/totp/setup', { method: 'POST' })));
  const enable = useSubmit(() => run(() => api<Enabled>('/api/v1/me/mfa/totp/enable', { json: { code: code.replace(/\s/g, '') } })));
  const codeError = enable.fieldError('code');

  const begin = async () => {
    setSetup(null);
    setCode('');
    const result = await start.submit();
    if (result.ok) setSetup(result.value);
  };
  const began = useRef(false);
  useEffect(() => {
    // Once per mount: each start makes a new secret, and the previous QR code stops working.
    if (began.current) return;
    began.current = true;
    void begin();
  }, []);

  if (enabled) return <RecoveryCodes codes={enabled.recoveryCodes} headingOrder={headingOrder} onDone={() => onDone(enabled.stage)} />;

  const cancel = onCancel ? (
    <Button variant="default" onClick={onCancel}>
      {t('totp.cancel')}
    </Button>
  ) : null;

  if (!setup) {
    return (
      <Stack gap="sm" aria-live="polite">
        {start.pending ? (
          <Group gap="xs">
            <Loader size="sm" aria-hidden />
            <Text>{t('totp.starting')}</Text>
          </Group>
        ) : null}
        <FormError error={start.error} />
        {start.error ? (
          <Group>
            <Button onClick={() => void begin()}>{t('totp.restart')}</Button>
            {cancel}
          </Group>
        ) : null}
      </Stack>
    );
  }

  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await enable.submit();
        if (!result.ok) return;
        setEnabled(result.value);
        onEnabled?.();
      }}
    >
      <List type="ordered" spacing="md">
        <List.Item>{t('totp.step1')}</List.Item>
        <List.Item>
          <Text>{t('totp.step2')}</Text>
          <Image src={setup.qrCode} alt={t('totp.qrAlt')} w={200} h={200} my="xs" bd="1px solid var(--mantine-color-gray-3)" />
          <Text size="sm">{t('totp.manual')}</Text>
          <Code data-testid="totp-secret" fz="md" style={{ wordBreak: 'break-all' }}>
            {setup.secret.match(/.{1,4}/g)?.join(' ')}
          </Code>
        </List.Item>
        <List.Item>
          <Stack gap="sm" maw={320}>
            <TextInput
              label={t('totp.code')}
              description={t('totp.step3')}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              maxLength={7}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={codeError}
            />
          </Stack>
        </List.Item>
      </List>
      <Stack gap="sm" mt="md">
        <FormError error={enable.error} />
        <Group>
          <Button type="submit" loading={enable.pending}>
            {t('totp.enable')}
          </Button>
          {cancel}
        </Group>
      </Stack>
    </form>
  );
}

/** Recovery codes, shown once: with a warning, a copy button and a download. */
export function RecoveryCodes({ codes, onDone, headingOrder = 3 }: { codes: string[]; onDone(): void; headingOrder?: 2 | 3 }) {
  const { t } = useTranslation('account');
  const { session } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const text = `${t('recovery.fileHeader', { email: session?.user?.email ?? '' })}\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'accrue-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Paper withBorder p="md" radius="md" bg="var(--mantine-color-yellow-0)" style={{ borderColor: 'var(--mantine-color-yellow-8)' }}>
      <Stack gap="sm">
        <Title order={headingOrder} size="h3" ref={heading} tabIndex={-1}>
          {t('recovery.title')}
        </Title>
        <Text>{t('recovery.body')}</Text>
        <Box
          component="ol"
          aria-label={t('recovery.listLabel')}
          data-testid="recovery-codes"
          m={0}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))', gap: '0.25rem 1.5rem', paddingInlineStart: '1.75rem' }}
        >
          {codes.map((code) => (
            <li key={code}>
              <Code fz="md">{code}</Code>
            </li>
          ))}
        </Box>
        <Group>
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('recovery.copied') : t('recovery.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={download}>
            {t('recovery.download')}
          </Button>
          <Button onClick={onDone}>{t('recovery.done')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

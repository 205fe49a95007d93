import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { FormError, useSubmit } from '../forms.tsx';
import { useSession } from '../session.tsx';

/** Asks for the password (and a code where two-step verification is on) before a sensitive action. */
export function ReauthDialog({ opened, onConfirmed, onCancel }: { opened: boolean; onConfirmed(): void; onCancel(): void }) {
  const { t } = useTranslation('account');
  // The form is unmounted while the dialog is closed, so each opening starts empty.
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={t('reauth.title')}
      centered
      closeButtonProps={{ 'aria-label': t('reauth.cancel') }}
      // Modals render in place (theme.ts): a fixed box inside the main area needs its left edge set.
    >
      <ReauthForm onConfirmed={onConfirmed} onCancel={onCancel} />
    </Modal>
  );
}

/**
 * The password (and code) form of the dialog. `then` is the sensitive action itself, run right
 * after the confirmation so that its failure shows in the same form; `intro` and `confirmLabel`
 * say what is being confirmed.
 */
export function ReauthForm({
  onConfirmed,
  onCancel,
  then,
  intro,
  confirmLabel,
}: {
  onConfirmed(): void;
  onCancel(): void;
  then?: () => Promise<unknown>;
  intro?: ReactNode;
  confirmLabel?: string;
}) {
  const { t } = useTranslation('account');
  const { session } = useSession();
  const mfa = session?.user?.mfaEnabled ?? false;
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(async () => {
    await api<void>('/api/v1/auth/reauthenticate', { json: { password, ...(mfa ? { code: code.trim() } : {}) } });
    await then?.();
  });
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onConfirmed();
      }}
    >
      <Stack gap="sm">
        {intro ?? <Text>{t('reauth.body')}</Text>}
        <PasswordInput
          label={t('reauth.password')}
          autoComplete="current-password"
          required
          data-autofocus
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
        />
        {mfa ? (
          <TextInput
            label={t('reauth.code')}
            description={t('reauth.codeHint')}
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldError('code')}
          />
        ) : null}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('reauth.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {confirmLabel ?? t('reauth.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface Waiting {
  resolve(): void;
  reject(): void;
}

/**
 * Runs sensitive actions: when one answers `reauthentication_required`, the dialog asks the user to
 * confirm it is them and the action runs again. Cancelling fails the action with the original error.
 * Render `dialog` once in the component that uses `run`.
 */
export function useReauthenticated(): { run: <T>(action: () => Promise<T>) => Promise<T>; dialog: ReactNode } {
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const current = useRef<Waiting | null>(null);

  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'reauthentication_required') throw error;
      await new Promise<void>((resolve, reject) => {
        const next = { resolve, reject: () => reject(error) };
        current.current = next;
        setWaiting(next);
      });
      return action();
    }
  }, []);

  const finish = (confirmed: boolean) => {
    const pending = current.current;
    current.current = null;
    setWaiting(null);
    if (confirmed) pending?.resolve();
    else pending?.reject();
  };

  const dialog = <ReauthDialog opened={waiting !== null} onConfirmed={() => finish(true)} onCancel={() => finish(false)} />;
  return { run, dialog };
}

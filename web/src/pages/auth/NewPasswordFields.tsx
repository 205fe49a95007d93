import { PasswordInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A new password typed twice; the server checks length and commonness and names the rule. */
export function NewPasswordFields(props: {
  value: string;
  confirm: string;
  onChange(value: string): void;
  onConfirmChange(value: string): void;
  error?: string | undefined;
  mismatch: boolean;
}) {
  const { t } = useTranslation('auth');
  return (
    <>
      <PasswordInput
        label={t('fields.newPassword')}
        description={t('password.rules')}
        autoComplete="new-password"
        required
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        error={props.error}
        mb="sm"
      />
      <PasswordInput
        label={t('fields.confirmPassword')}
        autoComplete="new-password"
        required
        value={props.confirm}
        onChange={(e) => props.onConfirmChange(e.currentTarget.value)}
        error={props.mismatch ? t('password.mismatch') : undefined}
        mb="md"
      />
      <Text size="xs" c="dimmed">
        {t('password.tip')}
      </Text>
    </>
  );
}

import { Checkbox, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { tenantRoles, type RoleGrant } from './model.ts';

/** Roles as checkboxes; the admin role is locked for those who may not grant it. */
export function RolePicker({ value, onChange, error }: { value: RoleGrant[]; onChange(next: RoleGrant[]): void; error?: string | undefined }) {
  const { t } = useTranslation('users');
  const { session, can } = useSession();
  const { roles, adminRole, adminPermission } = tenantRoles(Boolean(session?.organization));
  const held = new Set(value.map((g) => g.role));
  return (
    <Checkbox.Group
      label={t('fields.roles')}
      description={t('roles.help')}
      value={[...held]}
      onChange={(next) => onChange(next.map((role) => value.find((g) => g.role === role) ?? { role, scope: 'all' }))}
      error={error}
    >
      <Stack gap="xs" mt="xs">
        {roles.map((role) => (
          <Checkbox
            key={role}
            value={role}
            disabled={role === adminRole && !can(adminPermission)}
            label={t(`role.${role}`)}
            description={
              <Text size="xs" c="dimmed" component="span">
                {t(`roleHelp.${role}`)}
              </Text>
            }
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

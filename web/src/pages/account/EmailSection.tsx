import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { useSession } from '../../session.tsx';
import { Done, Section } from './Section.tsx';

/** A change of address takes effect when the link sent to the new address is opened. */
export function EmailSection() {
  const { t } = useTranslation('account');
  const { session } = useSession();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() => api<void>('/api/v1/me/email', { json: { email: email.trim() } }));

  return (
    <Section id="email" title={t('email.title')}>
      <Text>{t('email.current', { email: session?.user?.email ?? '' })}</Text>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setSentTo(null);
          const result = await submit();
          if (!result.ok) return;
          setSentTo(email.trim());
          setEmail('');
        }}
      >
        <Stack gap="sm" maw={440}>
          <TextInput
            type="email"
            label={t('email.new')}
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError('email')}
          />
          <FormError error={error} />
          {sentTo ? <Done>{t('email.sent', { email: sentTo })}</Done> : null}
          <div>
            <Button type="submit" loading={pending}>
              {t('email.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}

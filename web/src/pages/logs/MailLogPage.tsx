import { Alert, Button, Code, Group, Loader, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale, type Locale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { FilterButtons, ListStatus } from '../../components/ListControls.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { FactsTable } from '../../components/FactsTable.tsx';

const statuses = ['queued', 'sent', 'logged', 'failed'] as const;
const pageSize = 50;

interface MailEntry {
  id: string;
  createdAt: string;
  sentAt: string | null;
  status: (typeof statuses)[number];
  attempts: number;
  lastError: string | null;
  recipientEmail: string;
  recipientName: string;
  locale: string;
  template: string;
  subject: string;
}

interface MailDetail extends MailEntry {
  text: string | null;
  html: string | null;
}

interface Filters {
  status: string;
  recipient: string;
}

const noFilters: Filters = { status: '', recipient: '' };

function queryOf(filters: Filters, offset: number): string {
  const q = new URLSearchParams({ limit: String(pageSize), offset: String(offset) });
  if (filters.status) q.set('status', filters.status);
  if (filters.recipient.trim()) q.set('recipient', filters.recipient.trim());
  return q.toString();
}

/** The outgoing mail, newest first, with each message's text and HTML on request. */
export function MailLogPage() {
  const { t, i18n } = useTranslation(['logs', 'common']);
  usePageTitle(t('logs:mail.title'));
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [draft, setDraft] = useState<Filters>(noFilters);
  const requested = useRef<Filters>(noFilters);
  const [applied, setApplied] = useState<Filters>(noFilters);
  const [mail, setMail] = useState<MailEntry[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [viewing, setViewing] = useState<MailEntry | null>(null);
  const search = useSubmit(() => api<{ mail: MailEntry[] }>(`/api/v1/mail?${queryOf(requested.current, 0)}`));
  const more = useSubmit(() => api<{ mail: MailEntry[] }>(`/api/v1/mail?${queryOf(applied, mail?.length ?? 0)}`));

  const run = async (filters: Filters) => {
    requested.current = filters;
    const result = await search.submit();
    if (!result.ok) return;
    setApplied(filters);
    setMail(result.value.mail);
    setHasMore(result.value.mail.length === pageSize);
  };
  useEffect(() => {
    void run(noFilters);
  }, []);

  const templateLabel = (template: string) => t(`logs:mail.template.${template}`, { defaultValue: template });

  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={1}>{t('logs:mail.title')}</Title>
        <Text mt="xs">{t('logs:mail.intro')}</Text>
      </div>
      <form
        noValidate
        aria-label={t('logs:filters')}
        onSubmit={(event) => {
          event.preventDefault();
          void run(draft);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={720}>
          <NativeSelect
            label={t('logs:mail.filter.status')}
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}
            error={search.fieldError('status')}
          >
            <option value="">{t('logs:mail.filter.allStatuses')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`logs:mail.status.${s}`)}
              </option>
            ))}
          </NativeSelect>
          <TextInput
            type="email"
            label={t('logs:mail.filter.recipient')}
            description={t('logs:mail.filter.recipientHint')}
            value={draft.recipient}
            onChange={(e) => setDraft({ ...draft, recipient: e.currentTarget.value })}
            error={search.fieldError('recipient')}
          />
        </SimpleGrid>
        <FilterButtons
          pending={search.pending}
          onReset={() => {
            setDraft(noFilters);
            void run(noFilters);
          }}
        />
      </form>
      <FormError error={search.error} />
      <ListStatus loading={mail === null && search.pending} empty={mail !== null && mail.length === 0} emptyText={t('logs:mail.empty')} />
      {mail && mail.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder data-testid="mail-log">
            <Table.Thead>
              <Table.Tr>
                {(['createdAt', 'recipient', 'template', 'subject', 'status', 'attempts', 'actions'] as const).map((c) => (
                  <Table.Th key={c} scope="col">
                    {t(`logs:mail.column.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mail.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{formatDateTime(m.createdAt, locale)}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>
                    <Text size="sm">{m.recipientName}</Text>
                    <Text size="sm" c="dimmed">
                      {m.recipientEmail}
                    </Text>
                  </Table.Td>
                  <Table.Td>{templateLabel(m.template)}</Table.Td>
                  <Table.Td>{m.subject}</Table.Td>
                  <Table.Td>{t(`logs:mail.status.${m.status}`)}</Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('logs:mail.viewLabel', { subject: m.subject, recipient: m.recipientEmail })}
                      onClick={() => setViewing(m)}
                    >
                      {t('logs:mail.view')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <FormError error={more.error} />
      {hasMore ? (
        <div>
          <Button
            variant="default"
            loading={more.pending}
            onClick={async () => {
              const result = await more.submit();
              if (!result.ok) return;
              setMail([...(mail ?? []), ...result.value.mail]);
              setHasMore(result.value.mail.length === pageSize);
            }}
          >
            {t('logs:mail.more')}
          </Button>
        </div>
      ) : null}
      <Modal
        opened={viewing !== null}
        onClose={() => setViewing(null)}
        size="xl"
        title={viewing?.subject}
        closeButtonProps={{ 'aria-label': t('logs:close') }}
      >
        {viewing ? <MailView id={viewing.id} locale={locale} templateLabel={templateLabel} /> : null}
      </Modal>
    </Stack>
  );
}

function MailView({ id, locale, templateLabel }: { id: string; locale: Locale; templateLabel(template: string): string }) {
  const { t } = useTranslation(['logs', 'common']);
  const [mail, setMail] = useState<MailDetail | null>(null);
  const load = useSubmit(() => api<MailDetail>(`/api/v1/mail/${id}`));
  useEffect(() => {
    void load.submit().then((result) => result.ok && setMail(result.value));
  }, [id]);

  if (!mail) {
    return load.error ? (
      <FormError error={load.error} />
    ) : (
      <Group gap="xs" aria-live="polite">
        <Loader size="sm" aria-hidden />
        <Text>{t('common:loading')}</Text>
      </Group>
    );
  }
  const facts: [string, string][] = [
    [t('logs:mail.column.subject'), mail.subject],
    [t('logs:mail.column.template'), templateLabel(mail.template)],
    [t('logs:mail.detail.recipient'), `${mail.recipientName} <${mail.recipientEmail}>`],
    [t('logs:mail.detail.locale'), t(`common:language.${mail.locale}`, { defaultValue: mail.locale })],
    [t('logs:mail.detail.createdAt'), formatDateTime(mail.createdAt, locale)],
    [t('logs:mail.detail.sentAt'), mail.sentAt ? formatDateTime(mail.sentAt, locale) : t('logs:mail.detail.notSent')],
    [t('logs:mail.detail.status'), t(`logs:mail.status.${mail.status}`)],
    [t('logs:mail.detail.attempts'), String(mail.attempts)],
    ...(mail.lastError ? ([[t('logs:mail.detail.lastError'), mail.lastError]] as [string, string][]) : []),
  ];
  return (
    <Stack gap="md" data-testid="mail-detail">
      <ResendMail id={mail.id} status={mail.status} onQueued={() => setMail({ ...mail, status: 'queued', attempts: 0, lastError: null })} />
      <FactsTable rows={facts} breakWords />
      {mail.text === null && mail.html === null ? (
        <Alert color="red" variant="light">
          {t('logs:mail.detail.unavailable')}
        </Alert>
      ) : null}
      {mail.text !== null ? (
        <section aria-labelledby="mail-text">
          <Title order={3} size="h4" id="mail-text" mb="xs">
            {t('logs:mail.detail.text')}
          </Title>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="mail-text">
            {mail.text}
          </Code>
        </section>
      ) : null}
      {mail.html !== null ? (
        <section aria-labelledby="mail-html">
          <Title order={3} size="h4" id="mail-html" mb="xs">
            {t('logs:mail.detail.html')}
          </Title>
          <iframe
            sandbox=""
            srcDoc={mail.html}
            title={t('logs:mail.detail.htmlFrame', { subject: mail.subject })}
            style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, background: '#fff' }}
          />
        </section>
      ) : null}
    </Stack>
  );
}

/** Support and operator admins may queue a mail again. */
function ResendMail({ id, status, onQueued }: { id: string; status: string; onQueued(): void }) {
  const { t } = useTranslation('logs');
  const { can } = useSession();
  const [done, setDone] = useState(false);
  const resend = useSubmit(() => api(`/api/v1/mail/${id}/resend`, { method: 'POST' }));
  if (!can('mail.resend') || status === 'queued') {
    return done ? (
      <Alert color="green" variant="light" role="status">
        {t('mail.resent')}
      </Alert>
    ) : null;
  }
  return (
    <Group>
      <Button
        variant="outline"
        loading={resend.pending}
        onClick={async () => {
          if ((await resend.submit()).ok) {
            setDone(true);
            onQueued();
          }
        }}
      >
        {t('mail.resend')}
      </Button>
      <FormError error={resend.error} />
    </Group>
  );
}

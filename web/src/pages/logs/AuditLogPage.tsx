import { Button, Code, Group, Loader, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale, type Locale } from '../../../../src/i18n/locales.ts';
import { auditActions, auditAreas } from '../../../../src/modules/audit/actions.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { FilterButtons, ListStatus } from '../../components/ListControls.tsx';
import { usePageTitle } from '../../usePageTitle.ts';

interface AuditEvent {
  id: string;
  occurredAt: string;
  organizationId: string | null;
  actorUserId: string | null;
  actorLabel: string;
  ip: string | null;
  requestId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

interface Filters {
  action: string;
  actor: string;
  organizationId: string;
  from: string;
  to: string;
}

const noFilters: Filters = { action: '', actor: '', organizationId: '', from: '', to: '' };
const pageSize = 50;

/** Days picked in the reader's time zone, as the instants the API compares (`to` is exclusive). */
function queryOf(filters: Filters, operator: boolean, cursor?: string): string {
  const q = new URLSearchParams({ limit: String(pageSize) });
  if (filters.action) q.set('action', filters.action);
  if (filters.actor.trim()) q.set('actor', filters.actor.trim());
  if (operator && filters.organizationId.trim()) q.set('organizationId', filters.organizationId.trim());
  if (filters.from) q.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    q.set('to', end.toISOString());
  }
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/** The audit log: every organization's for operators, or the reader's own organization's. */
export function AuditLogPage({ scope }: { scope: 'operator' | 'organization' }) {
  const { t, i18n } = useTranslation(['audit', 'logs', 'common']);
  usePageTitle(t('audit:title'));
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const operator = scope === 'operator';
  const path = operator ? '/api/v1/audit' : '/api/v1/organization/audit';
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [applied, setApplied] = useState<Filters>(noFilters);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const requested = useRef<Filters>(noFilters);
  const search = useSubmit(() => api<AuditPage>(`${path}?${queryOf(requested.current, operator)}`));
  const more = useSubmit(() => api<AuditPage>(`${path}?${queryOf(applied, operator, nextCursor ?? undefined)}`));

  const run = async (filters: Filters) => {
    requested.current = filters;
    const result = await search.submit();
    if (!result.ok) return;
    setApplied(filters);
    setEvents(result.value.events);
    setNextCursor(result.value.nextCursor);
    setOpen(new Set());
  };
  useEffect(() => {
    void run(noFilters);
  }, [path]);

  const set = (key: keyof Filters) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [key]: event.currentTarget.value });
  const toggle = (id: string) => setOpen((was) => (was.has(id) ? new Set([...was].filter((x) => x !== id)) : new Set([...was, id])));

  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={1}>{t('audit:title')}</Title>
        <Text mt="xs">{t('audit:intro')}</Text>
      </div>
      <form
        noValidate
        aria-label={t('logs:filters')}
        onSubmit={(event) => {
          event.preventDefault();
          void run(draft);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: operator ? 5 : 4 }} spacing="sm">
          <NativeSelect label={t('audit:filter.action')} value={draft.action} onChange={set('action')} error={search.fieldError('action')}>
            <option value="">{t('audit:filter.allActions')}</option>
            {auditAreas.map((area) => (
              <optgroup key={area} label={t(`audit:area.${area}`)}>
                <option value={`${area}.`}>{t('audit:filter.allOfArea', { area: t(`audit:area.${area}`) })}</option>
                {auditActions
                  .filter((action) => action.startsWith(`${area}.`))
                  .map((action) => (
                    <option key={action} value={action}>
                      {t(`audit:action.${action}`)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </NativeSelect>
          <TextInput label={t('audit:filter.actor')} value={draft.actor} onChange={set('actor')} error={search.fieldError('actor')} />
          {operator ? (
            <TextInput
              label={t('audit:filter.organization')}
              description={t('audit:filter.organizationHint')}
              value={draft.organizationId}
              onChange={set('organizationId')}
              error={search.fieldError('organizationId')}
            />
          ) : null}
          <TextInput type="date" label={t('audit:filter.from')} value={draft.from} onChange={set('from')} error={search.fieldError('from')} />
          <TextInput type="date" label={t('audit:filter.to')} value={draft.to} onChange={set('to')} error={search.fieldError('to')} />
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
      <ListStatus loading={events === null && search.pending} empty={events !== null && events.length === 0} emptyText={t('audit:empty')} />
      {events && events.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder data-testid="audit-log">
            <Table.Thead>
              <Table.Tr>
                {(['occurredAt', 'actor', 'action', 'target', 'ip', 'details'] as const).map((c) => (
                  <Table.Th key={c} scope="col">
                    {t(`audit:column.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <Fragment key={event.id}>
                  <Table.Tr>
                    <Table.Td>{formatDateTime(event.occurredAt, locale)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{event.actorLabel}</Table.Td>
                    <Table.Td>{t(`audit:action.${event.action}`, { defaultValue: event.action })}</Table.Td>
                    <Table.Td>
                      <Target event={event} />
                    </Table.Td>
                    <Table.Td>{event.ip ?? '—'}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        aria-expanded={open.has(event.id)}
                        {...(open.has(event.id) ? { 'aria-controls': `audit-${event.id}` } : {})}
                        onClick={() => toggle(event.id)}
                      >
                        {open.has(event.id) ? t('logs:hideDetails') : t('logs:showDetails')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open.has(event.id) ? (
                    <Table.Tr id={`audit-${event.id}`}>
                      <Table.Td colSpan={6}>
                        <Details event={event} locale={locale} />
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <FormError error={more.error} />
      {nextCursor ? (
        <div>
          <Button
            variant="default"
            loading={more.pending}
            onClick={async () => {
              const result = await more.submit();
              if (!result.ok) return;
              setEvents([...(events ?? []), ...result.value.events]);
              setNextCursor(result.value.nextCursor);
            }}
          >
            {t('audit:more')}
          </Button>
        </div>
      ) : null}
    </Stack>
  );
}

function Target({ event }: { event: AuditEvent }) {
  const { t } = useTranslation('audit');
  if (!event.targetType && !event.targetId) return <>—</>;
  return (
    <>
      {event.targetType ? <Text size="sm">{t(`targetType.${event.targetType}`, { defaultValue: event.targetType })}</Text> : null}
      {event.targetId ? (
        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {event.targetId}
        </Text>
      ) : null}
    </>
  );
}

function Details({ event, locale }: { event: AuditEvent; locale: Locale }) {
  const { t } = useTranslation('audit');
  // [label, value, is an identifier (shown in monospace)]
  const facts: [string, string | null, boolean][] = [
    [t('column.occurredAt'), formatDateTime(event.occurredAt, locale), false],
    [t('column.organization'), event.organizationId, true],
    [t('column.requestId'), event.requestId, true],
  ];
  const json = (value: unknown) =>
    value === null || value === undefined ? (
      <Text size="sm">{t('none')}</Text>
    ) : (
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {JSON.stringify(value, null, 2)}
      </Code>
    );
  return (
    <Stack gap="sm" py="xs">
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.25rem 1rem', margin: 0 }}>
        {facts.map(([label, value, id]) => (
          <Fragment key={label}>
            <Text component="dt" fw={700} size="sm">
              {label}
            </Text>
            <Text component="dd" size="sm" m={0} ff={value && id ? 'monospace' : undefined}>
              {value ?? '—'}
            </Text>
          </Fragment>
        ))}
      </dl>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <div>
          <Title order={2} size="h5" mb={4}>
            {t('column.before')}
          </Title>
          {json(event.before)}
        </div>
        <div>
          <Title order={2} size="h5" mb={4}>
            {t('column.after')}
          </Title>
          {json(event.after)}
        </div>
      </SimpleGrid>
    </Stack>
  );
}

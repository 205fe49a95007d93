import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { draftOf, newProgramDraft } from './draft.ts';
import { nameIn, type ProgramDetail, type ProgramSaved } from './model.ts';
import { ProgramForm } from './ProgramForm.tsx';
import type { SavedState } from './ProgramPage.tsx';

export function NewProgramPage() {
  return (
    <RequirePermission permission="programs.manage">
      <NewProgram />
    </RequirePermission>
  );
}

export function EditProgramPage() {
  return (
    <RequirePermission permission="programs.manage">
      <EditProgram />
    </RequirePermission>
  );
}

function useShowSaved() {
  const navigate = useNavigate();
  return (saved: ProgramSaved) => navigate(`/programs/${saved.code}`, { state: { saved } satisfies SavedState });
}

function NewProgram() {
  const { t } = useTranslation('programs');
  usePageTitle(t('create.title'));
  const showSaved = useShowSaved();
  const initial = useMemo(newProgramDraft, []);
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/programs" size="sm">
        {t('back')}
      </Anchor>
      <div>
        <Title order={1}>{t('create.title')}</Title>
        <Text mt="xs">{t('create.intro')}</Text>
      </div>
      <ProgramForm
        initial={initial}
        save={(definition) => api<ProgramSaved>('/api/v1/programs', { json: definition })}
        onSaved={showSaved}
        cancelTo="/programs"
      />
    </Stack>
  );
}

/** The whole definition of a program, saved as its next version; refused if someone saved one meanwhile. */
function EditProgram() {
  const { t, i18n } = useTranslation('programs');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { code = '' } = useParams();
  const showSaved = useShowSaved();
  const [program, setProgram] = useState<ProgramDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const title = program ? t('edit.title', { name: nameIn(program.definition.name, locale) }) : t('title');
  usePageTitle(title);
  useEffect(() => {
    api<ProgramDetail>(`/api/v1/programs/${encodeURIComponent(code)}`).then(setProgram, (error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    });
  }, [code]);
  const initial = useMemo(() => (program ? draftOf(program.definition) : null), [program]);

  const programPath = `/programs/${encodeURIComponent(code)}`;
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('notFound')}</Title>
        <Anchor component={Link} to="/programs">
          {t('back')}
        </Anchor>
      </Stack>
    );
  }
  if (!program || !initial) return null;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={programPath} size="sm">
        {t('versions.back')}
      </Anchor>
      <div>
        <Title order={1}>{title}</Title>
        <Text mt="xs">{t('edit.intro', { code: program.code, version: program.version })}</Text>
      </div>
      <ProgramForm
        initial={initial}
        savedStatus={program.status}
        save={(definition) => api<ProgramSaved>(`/api/v1${programPath}`, { method: 'PUT', json: { ...definition, expectedVersion: program.version } })}
        onSaved={showSaved}
        cancelTo={programPath}
      />
    </Stack>
  );
}

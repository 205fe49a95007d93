import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { ReasonForm } from '../../components/ReasonForm.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import type { EnrollmentDetail } from './model.ts';

type Kind = 'validate' | 'reject';

/**
 * An enrollment waiting in Validating: validate it (an optional note) or send it back (a reason
 * the partner's admins receive). The server refuses with its own words when the state has moved on.
 */
export function DecisionSection({ enrollment, onDecided, onClosed }: { enrollment: EnrollmentDetail; onDecided(result: EnrollmentDetail, kind: Kind): void; onClosed(): void }) {
  const { t } = useTranslation('enrollments');
  const [kind, setKind] = useState<Kind>('validate');
  const [opened, { open, close }] = useDisclosure(false);
  const show = (which: Kind) => {
    setKind(which);
    open();
  };
  const finish = () => {
    close();
    onClosed();
  };
  return (
    <Section id="decision" title={t('operator.decision.title')} intro={t('operator.decision.intro')}>
      <Group>
        <Button onClick={() => show('validate')}>{t('operator.validate.open')}</Button>
        <Button variant="outline" onClick={() => show('reject')}>
          {t('operator.reject.open')}
        </Button>
      </Group>
      <Modal opened={opened} onClose={finish} title={t(kind === 'validate' ? 'operator.validate.title' : 'operator.reject.title')} size="lg">
        {kind === 'validate' ? (
          <ValidateForm
            id={enrollment.id}
            onCancel={finish}
            onDone={(result) => {
              close();
              onDecided(result, 'validate');
            }}
          />
        ) : (
          <RejectForm
            id={enrollment.id}
            onCancel={finish}
            onDone={(result) => {
              close();
              onDecided(result, 'reject');
            }}
          />
        )}
      </Modal>
    </Section>
  );
}

interface FormProps {
  id: string;
  onDone(result: EnrollmentDetail): void;
  onCancel(): void;
}

function ValidateForm({ id, onDone, onCancel }: FormProps) {
  const { t } = useTranslation('enrollments');
  const [note, setNote] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<EnrollmentDetail>(`/api/v1/enrollments/${encodeURIComponent(id)}/validate`, { json: note.trim() ? { note: note.trim() } : {} }),
  );
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await submit();
        if (result.ok) onDone(result.value);
      }}
    >
      <Stack gap="sm">
        <Text>{t('operator.validate.body')}</Text>
        <Textarea
          label={t('operator.validate.note')}
          description={t('operator.validate.noteHint')}
          autosize
          minRows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldError('note')}
          data-autofocus
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('operator.decision.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('operator.validate.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RejectForm({ id, onDone, onCancel }: FormProps) {
  const { t } = useTranslation('enrollments');
  return (
    <ReasonForm
      intro={t('operator.reject.body')}
      label={t('operator.reject.reason')}
      hint={t('operator.reject.reasonHint')}
      submitLabel={t('operator.reject.submit')}
      cancelLabel={t('operator.decision.cancel')}
      send={(reason) => api<EnrollmentDetail>(`/api/v1/enrollments/${encodeURIComponent(id)}/reject`, { json: { reason } })}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

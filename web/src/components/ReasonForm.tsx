import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { FormError, useSubmit } from '../forms.tsx';

interface Props<T> {
  /** What sending it back does, shown above the field; optional. */
  intro?: string;
  label: string;
  hint: string;
  submitLabel: string;
  cancelLabel: string;
  /** Sends the reason as typed; the server trims it and checks its length. */
  send(reason: string): Promise<T>;
  onDone(result: T): void;
  onCancel(): void;
}

/** An operator sends something back to the partner with a reason (3–500 characters), which is mailed. */
export function ReasonForm<T>({ intro, label, hint, submitLabel, cancelLabel, send, onDone, onCancel }: Props<T>) {
  const [reason, setReason] = useState('');
  const { submit, pending, error, fieldError } = useSubmit(() => send(reason));
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
        {intro ? <Text>{intro}</Text> : null}
        <Textarea
          label={label}
          description={hint}
          required
          autosize
          minRows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError('reason')}
          data-autofocus
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {cancelLabel}
          </Button>
          <Button type="submit" color="red.9" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** A row's buttons; each names its row for screen readers (the visible word stays in the name). */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap">
      {children}
    </Group>
  );
}

export function RowButton({ label, name, onClick, danger = false, focusKey }: { label: string; name: string; onClick(): void; danger?: boolean; focusKey?: string }) {
  return (
    <Button size="xs" variant="default" c={danger ? 'red.8' : undefined} aria-label={name} onClick={onClick} data-focus-key={focusKey}>
      {label}
    </Button>
  );
}

/** What the last change did, announced politely; it takes no room while empty. */
export function ChangeNotice({ text }: { text: string | null }) {
  return (
    <div role="status" aria-live="polite">
      {text ? (
        <Alert color="green" variant="light" py={6} px="sm">
          {text}
        </Alert>
      ) : null}
    </div>
  );
}

/**
 * Puts focus back on a row's first button after a dialog changed it: the button that opened the
 * dialog may be gone (an expired row has no Expire).
 */
export function focusRow(key: string): void {
  // After the page has rendered the reloaded rows and the dialog has let go of focus.
  setTimeout(() => document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus(), 50);
}

import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways on narrow screens: its scrolling box is a named region that
 * takes the focus, so it can be scrolled with the keyboard too.
 */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0} role="region" aria-label={label} className="mantine-focus-auto">
      {children}
    </Table.ScrollContainer>
  );
}

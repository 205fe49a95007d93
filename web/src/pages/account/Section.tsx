import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

export { Section } from '../../components/Section.tsx';

/** A confirmation that something was done, announced politely. */
export function Done({ children }: { children: ReactNode }) {
  return (
    <Alert color="green" variant="light" role="status">
      {children}
    </Alert>
  );
}

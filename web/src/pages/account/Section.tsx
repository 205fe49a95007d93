import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One part of the account page: a card named by its heading. */
export function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={`${id}-title`}>
          {title}
        </Title>
        {intro ? <Text>{intro}</Text> : null}
        {children}
      </Stack>
    </Card>
  );
}

/** A confirmation that something was done, announced politely. */
export function Done({ children }: { children: ReactNode }) {
  return (
    <Alert color="green" variant="light" role="status">
      {children}
    </Alert>
  );
}

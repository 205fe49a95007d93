import { Card, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** One part of a page: a card named by its heading (a labelled region for screen readers). */
export function Section({ id, title, intro, children }: { id?: string; title: string; intro?: string; children: ReactNode }) {
  const generated = useId();
  const headingId = id ? `${id}-title` : generated;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId} {...(id ? { 'data-testid': `section-${id}` } : {})}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {intro ? <Text>{intro}</Text> : null}
        {children}
      </Stack>
    </Card>
  );
}

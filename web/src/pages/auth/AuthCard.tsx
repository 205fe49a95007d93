import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../usePageTitle.ts';

/** The card every page before sign-in is built on. */
export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <Paper withBorder shadow="xs" p="xl" radius="md" w="100%" maw={440}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {title}
        </Title>
        {intro ? <Text>{intro}</Text> : null}
        {children}
      </Stack>
    </Paper>
  );
}

/** The token of an emailed link: it travels in the fragment, so it never reaches a server log. */
export function linkToken(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, ''));
}

import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label and its value; `lang` marks a value written in another language than the page. */
export type Fact = [label: string, value: ReactNode, lang?: string];

/** Facts about one thing, one row each: the label as the row's header, then the value. */
export function FactsTable({ rows, labelWidth = '30%', breakWords = false, testId }: { rows: Fact[]; labelWidth?: string; breakWords?: boolean; testId?: string }) {
  return (
    <Table variant="vertical" withTableBorder layout="fixed" data-testid={testId}>
      <Table.Tbody>
        {rows.map(([label, value, lang]) => (
          <Table.Tr key={label}>
            <Table.Th w={labelWidth} scope="row">
              {label}
            </Table.Th>
            <Table.Td lang={lang} style={breakWords ? { wordBreak: 'break-word' } : undefined}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

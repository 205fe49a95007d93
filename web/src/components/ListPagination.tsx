import { Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Page numbers under a list, each control named for screen readers; nothing when one page is enough. */
export function ListPagination({ total, pageSize, page, onChange }: { total: number; pageSize: number; page: number; onChange(page: number): void }) {
  const { t } = useTranslation('common');
  if (total <= pageSize) return null;
  return (
    <Pagination
      total={Math.ceil(total / pageSize)}
      value={page}
      onChange={onChange}
      getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
      getItemProps={(n) => ({ 'aria-label': t('pagination.page', { page: n }) })}
    />
  );
}

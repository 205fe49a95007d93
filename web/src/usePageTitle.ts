import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Every page names itself in the browser tab, in the reader's language. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation('common');
  const appName = t('appName');
  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title, appName]);
}

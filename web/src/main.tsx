import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n, initialLocale } from './i18n.ts';
import { cssVariablesResolver, themeFor } from './theme.ts';

await initI18n(initialLocale());

function ThemedApp() {
  const { t, i18n } = useTranslation('common');
  const theme = useMemo(() => themeFor(t('close')), [t, i18n.language]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <App />
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemedApp />
  </StrictMode>,
);

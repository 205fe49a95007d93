import { Anchor, AppShell, Burger, Group, NavLink as MantineNavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { isUnreviewed } from '../i18n.ts';
import { isLocale } from '../../../src/i18n/locales.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { navigation } from './navigation.ts';

export function Shell() {
  const { t, i18n } = useTranslation(['shell', 'common']);
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const locale = i18n.language;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      footer={{ height: 40 }}
      padding="lg"
    >
      <a className="skip-link" href="#main">
        {t('shell:skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell:menu.toggle')} />
            <Anchor component={NavLink} to="/" underline="never" c="inherit" className="brand">
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <span>
                <Text component="span" fw={700} size="lg">
                  {t('common:appName')}
                </Text>{' '}
                <Text component="span" size="sm" c="dimmed" visibleFrom="xs">
                  {t('common:tagline')}
                </Text>
              </span>
            </Anchor>
          </Group>
          <LanguageSwitcher />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" component="nav" aria-label={t('shell:mainNavigation')}>
        <Stack gap="lg">
          {navigation.map((section) => (
            <section key={section.area} aria-labelledby={`nav-${section.area}`}>
              <Text id={`nav-${section.area}`} component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" mb={4}>
                {t(`shell:area.${section.area}`)}
              </Text>
              {section.items.map((item) =>
                item.external ? (
                  <MantineNavLink key={item.key} href={item.to} label={t(`shell:nav.${item.key}`)} />
                ) : (
                  <MantineNavLink
                    key={item.key}
                    component={NavLink}
                    to={item.to}
                    end
                    label={t(`shell:nav.${item.key}`)}
                    active={pathname === item.to}
                    onClick={close}
                  />
                ),
              )}
            </section>
          ))}
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>

      <AppShell.Footer px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('shell:footer', { version: __ACCRUE_VERSION__ })}
          </Text>
          {isLocale(locale) && isUnreviewed(locale) ? (
            <Text size="xs" c="dimmed" data-testid="unreviewed-notice">
              {t('common:unreviewedNotice')}
            </Text>
          ) : null}
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}

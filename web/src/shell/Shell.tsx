import { Anchor, AppShell, Box, Burger, Button, Group, Menu, NavLink as MantineNavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { isUnreviewed } from '../i18n.ts';
import { isLocale } from '../../../src/i18n/locales.ts';
import { useSession } from '../session.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { navigation, type NavItem } from './navigation.ts';

/** Consecutive items of the same group (or of none), in order, so a group shows under its heading. */
function groupRuns(items: NavItem[]): { group: NavItem['group']; items: NavItem[] }[] {
  const runs: { group: NavItem['group']; items: NavItem[] }[] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && last.group === item.group) last.items.push(item);
    else runs.push({ group: item.group, items: [item] });
  }
  return runs;
}

function Brand() {
  const { t } = useTranslation('common');
  return (
    <Anchor component={NavLink} to="/" underline="never" c="inherit" className="brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>
        <Text component="span" fw={700} size="lg">
          {t('appName')}
        </Text>{' '}
        <Text component="span" size="sm" c="dimmed" visibleFrom="xs">
          {t('tagline')}
        </Text>
      </span>
    </Anchor>
  );
}

export function Footer() {
  const { t, i18n } = useTranslation(['shell', 'common']);
  const locale = i18n.language;
  return (
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
  );
}

function UserMenu() {
  const { t } = useTranslation('shell');
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  if (!session?.user) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="dark" data-testid="user-menu">
          {session.user.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{session.organization?.legalName ?? t('vendor')}</Menu.Label>
        <Menu.Item onClick={() => navigate('/account')}>{t('nav.account')}</Menu.Item>
        <Menu.Item onClick={() => void signOut()}>
          {t('signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in portal: header, the navigation of the user's area, and the page. */
export function Shell() {
  const { t } = useTranslation(['shell', 'common']);
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const { session, can } = useSession();
  const area = session?.organization ? 'partner' : 'operator';
  const sections = navigation
    .filter((section) => section.area === area)
    .map((section) => ({ ...section, items: section.items.filter((item) => !item.permission || can(item.permission)) }));

  const link = (item: NavItem) =>
    item.external ? (
      <MantineNavLink key={item.key} href={item.to} label={t(`shell:nav.${item.key}`)} />
    ) : (
      <MantineNavLink
        key={item.key}
        component={NavLink}
        to={item.to}
        end={item.to === '/'}
        label={t(`shell:nav.${item.key}`)}
        active={item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)}
        onClick={close}
      />
    );

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }} footer={{ height: 40 }} padding="lg">
      <a className="skip-link" href="#main">
        {t('shell:skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell:menu.toggle')} />
            <Brand />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitcher />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      {/* The list scrolls when it is taller than the window, so every item stays reachable. */}
      <AppShell.Navbar p="sm" component="nav" aria-label={t('shell:mainNavigation')} style={{ overflowY: 'auto' }}>
        <Stack gap="lg">
          {sections.map((section) => (
            <section key={section.area} aria-labelledby={`nav-${section.area}`}>
              <Text id={`nav-${section.area}`} component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" mb={4}>
                {session?.organization ? session.organization.legalName : t(`shell:area.${section.area}`)}
              </Text>
              {groupRuns(section.items).map((run) =>
                run.group ? (
                  <Box key={run.group} role="group" aria-labelledby={`nav-group-${run.group}`} my="sm" py={4} style={{ borderBlock: '1px solid var(--mantine-color-gray-3)' }}>
                    <Text id={`nav-group-${run.group}`} component="h3" size="xs" fw={700} c="dimmed" px="sm" mt={4} mb={4}>
                      {t(`shell:navGroup.${run.group}`)}
                    </Text>
                    {run.items.map(link)}
                  </Box>
                ) : (
                  run.items.map(link)
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
        <Footer />
      </AppShell.Footer>
    </AppShell>
  );
}

/** Pages before sign-in: a centred card with the brand and the language switcher. */
export function PublicLayout() {
  const { t } = useTranslation('shell');
  return (
    <div className="public-layout">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="public-header">
        <Brand />
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        <Outlet />
      </main>
      <footer className="public-footer">
        <Footer />
      </footer>
    </div>
  );
}

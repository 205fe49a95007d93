import { createTheme, Modal, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// Shade 6 (the default for filled elements and links) keeps 6.5:1 contrast on white (WCAG AA).
const accrue: MantineColorsTuple = [
  '#e8f1fa', '#cfe0f2', '#a2c2e6', '#72a2da', '#4a86cf', '#2f73c4', '#1c5d99', '#174f83', '#12416c', '#0c3356',
];

/**
 * The theme, in the reader's language: modals get a named close button, and render in place rather
 * than in a portal so their <header> is not a second page banner.
 */
export const themeFor = (closeLabel: string) =>
  createTheme({
    ...theme,
    components: {
      Modal: Modal.extend({
        defaultProps: { withinPortal: false, closeButtonProps: { 'aria-label': closeLabel } },
        // In place (not in a portal) the fixed inner box must still span the whole viewport.
        styles: { inner: { left: 0 } },
      }),
    },
  });

export const theme = createTheme({
  primaryColor: 'accrue',
  primaryShade: 6,
  colors: { accrue },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK TC", "Noto Sans CJK KR", "Microsoft JhengHei", "Malgun Gothic", sans-serif',
  defaultRadius: 'md',
  focusRing: 'auto',
  // Readers who ask the system for less motion get no transitions.
  respectReducedMotion: true,
});

/** Secondary text dark enough for 4.5:1 contrast on white and on the light backgrounds. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#545b62',
    // Field errors (text and the invalid input's own text): 6:1 on white instead of Mantine's 3.6:1.
    '--mantine-color-error': '#b02a2a',
    // Text on the light variants of alerts and badges, dark enough for 4.5:1.
    '--mantine-color-red-light-color': '#a51d24',
    '--mantine-color-green-light-color': '#1b6e2f',
    '--mantine-color-yellow-light-color': '#6b4f00',
    '--mantine-color-accrue-light-color': '#12416c',
    '--mantine-color-blue-light-color': '#1a4f8a',
  },
  dark: {},
});

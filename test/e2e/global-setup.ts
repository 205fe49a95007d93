import fs from 'node:fs';
import { chromiumPath } from '../../playwright.config.ts';

export default function globalSetup() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Browser tests need Chromium at ${chromiumPath}. Install it (Debian/Ubuntu: ` +
        '`apt-get install chromium fonts-noto-cjk`) or point ACCRUE_CHROMIUM at a Chromium binary.',
    );
  }
}

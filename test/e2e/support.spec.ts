import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

test('support unlocks an account that waits after failed sign-ins', async ({ page, browser }) => {
  const locked = 'incentive.admin@yunqiao.example';
  const other = await browser.newContext();
  const visitor = await other.newPage();
  for (let i = 0; i < 10; i++) {
    const res = await visitor.request.post('/api/v1/auth/sign-in', {
      data: { email: locked, password: `wrong password ${i}` },
      failOnStatusCode: false,
    });
    expect(res.status()).toBe(401);
  }
  const waiting = await visitor.request.post('/api/v1/auth/sign-in', { data: { email: locked, password: demoPassword }, failOnStatusCode: false });
  expect(waiting.status()).toBe(429);

  await signInThroughPage(page, 'support@accrue.example', demoPassword);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
  const card = page.getByRole('region', { name: message('home', 'ko-KR', 'unlock.title') });
  await card.locator('input[type="email"]').fill(locked);
  await card.getByRole('button', { name: message('home', 'ko-KR', 'unlock.submit') }).click();
  await expect(card.getByRole('status')).toContainText('10');
  await expectNoAxeViolations(page);
  await screenshot(page, 'support-overview-ko-KR');

  const again = await visitor.request.post('/api/v1/auth/sign-in', { data: { email: locked, password: demoPassword }, failOnStatusCode: false });
  expect(again.status()).toBe(200);
  await other.close();
});

import { describe, expect, it } from 'vitest';
import { locales } from '../../i18n/locales.ts';
import { renderMail, templateNames, type TemplateMail, type TemplateName } from './templates.ts';

const link = 'https://accrue.example/welcome/tok_5ecret?x=1&y=2';

const samples: { [T in TemplateName]: Extract<TemplateMail, { template: T }> } = {
  invitation: {
    template: 'invitation',
    values: {
      recipientName: 'Mina Park',
      organizationName: 'Harbor Telecom',
      inviterName: 'Jun Lee',
      link,
      expiresAt: '2026-09-14T08:30:00.000Z',
    },
  },
  password_reset: { template: 'password_reset', values: { recipientName: 'Mina Park', link, validMinutes: 30 } },
  email_change: {
    template: 'email_change',
    values: { recipientName: 'Mina Park', newEmail: 'mina@harbor.example', link, validHours: 24 },
  },
  email_changed: { template: 'email_changed', values: { recipientName: 'Mina Park', newEmail: 'mina@harbor.example' } },
  password_changed: { template: 'password_changed', values: { recipientName: 'Mina Park' } },
  enrollment_invited: { template: 'enrollment_invited', values: enrollment() },
  enrollment_validated: { template: 'enrollment_validated', values: enrollment() },
  enrollment_rejected: { template: 'enrollment_rejected', values: { ...enrollment(), reason: 'The W-9 is not signed.' } },
  tax_form_expiring: { template: 'tax_form_expiring', values: { ...taxForm(), daysLeft: 30 } },
  tax_form_expired: { template: 'tax_form_expired', values: taxForm() },
  profile_action_required: {
    template: 'profile_action_required',
    values: { recipientName: 'Mina Park', organizationName: 'Harbor Telecom', kind: 'payment', profileName: 'Operating account', reason: 'The holder name differs from the bank letter.', link },
  },
  bank_change_requested: { template: 'bank_change_requested', values: { ...bankChange(), link, validHours: 24 } },
  bank_change_applied: { template: 'bank_change_applied', values: { ...bankChange(), confirmedBy: 'Jun Lee', link } },
  dispute_answered: {
    template: 'dispute_answered',
    values: { recipientName: 'Mina Park', locationName: 'Harbor Seoul', locationId: 'L-2000317', programName: 'CSP direct rebate', cycle: '2026-11', answer: 'The FX rate of November was used.', link },
  },
};

function taxForm() {
  return { recipientName: 'Mina Park', organizationName: 'Harbor Telecom', locationName: 'Harbor Seoul', locationId: 'L-2000317', expiresOn: '2026-12-31', link };
}

function bankChange() {
  return { recipientName: 'Mina Park', organizationName: 'Harbor Telecom', requesterName: 'Jun Lee', profileName: 'Operating account', accountMasked: '•••• 7034' };
}

function enrollment() {
  return {
    recipientName: 'Mina Park',
    organizationName: 'Harbor Telecom',
    locationName: 'Harbor Seoul',
    locationId: 'L-2000317',
    programName: 'CSP direct rebate',
    link,
  };
}

describe('mail templates', () => {
  for (const template of templateNames) {
    for (const locale of locales) {
      it(`${template} renders fully in ${locale}`, () => {
        const mail = renderMail(samples[template], locale);
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part).not.toMatch(/\{\{|mail:/);
        }
        expect(mail.subject).not.toContain('tok_');
        expect(mail.text).toContain('Mina Park');
        expect(mail.html).toContain(`<html lang="${locale}">`);
        if ('link' in samples[template].values) {
          expect(mail.text).toContain(link);
          expect(mail.html).toContain(`href="${link.replace('&', '&amp;')}"`);
        }
      });
    }
  }

  it('writes dates and durations in the reader language', () => {
    expect(renderMail(samples.invitation, 'en').text).toContain('Sep 14, 2026');
    expect(renderMail(samples.invitation, 'zh-TW').text).toContain('2026年9月14日');
    expect(renderMail(samples.password_reset, 'en').text).toContain('30 minutes');
    expect(renderMail(samples.password_reset, 'ko-KR').text).toContain('30분');
    expect(renderMail(samples.email_change, 'zh-TW').text).toContain('24 小時');
  });

  it('counts the days to a tax form expiry and names its date in the reader language', () => {
    expect(renderMail(samples.tax_form_expiring, 'en').text).toContain('expires in 30 days, on Dec 31, 2026');
    expect(renderMail({ template: 'tax_form_expiring', values: { ...taxForm(), daysLeft: 1 } }, 'en').text).toContain('expires in 1 day,');
    expect(renderMail(samples.tax_form_expiring, 'ko-KR').subject).toContain('2026. 12. 31.');
  });

  it('says whether the bank change link confirms by itself or opens the request for a second admin', () => {
    const direct = renderMail(samples.bank_change_requested, 'en').text;
    expect(direct).toContain('only when this link is followed');
    expect(direct).toContain('24 hours');
    const review = renderMail({ template: 'bank_change_requested', values: { ...samples.bank_change_requested.values, validHours: null } }, 'en').text;
    expect(review).toContain('a second administrator');
    expect(review).not.toContain('24 hours');
  });

  it('invites an operator without naming an organization', () => {
    const mail = renderMail(
      { template: 'invitation', values: { ...samples.invitation.values, organizationName: '' } },
      'en',
    );
    expect(mail.subject).toBe('You are invited to Accrue');
    expect(mail.text).toContain('Jun Lee has invited you to Accrue as an operator.');
  });

  it('escapes every value in HTML and keeps it as written in text', () => {
    const hostile = '<script>alert("x")</script> & Co';
    const mail = renderMail(
      {
        template: 'invitation',
        values: { ...samples.invitation.values, recipientName: hostile, inviterName: hostile, organizationName: hostile },
      },
      'en',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.text).toContain(hostile);
  });

  it('refuses a link that is not http(s)', () => {
    expect(() =>
      renderMail({ template: 'password_reset', values: { recipientName: 'A', link: 'javascript:alert(1)', validMinutes: 30 } }, 'en'),
    ).toThrow(/http/);
  });
});

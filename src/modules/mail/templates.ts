import { translate } from '../../i18n/catalogs.ts';
import { formatDate, formatDateTime, formatMonth } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';

/** The values each template needs. Links may carry tokens: they never go into a subject. */
export interface TemplateValues {
  invitation: {
    recipientName: string;
    /** Empty for an operator, who joins the vendor rather than a partner organization. */
    organizationName: string;
    inviterName: string;
    link: string;
    /** An ISO 8601 instant. */
    expiresAt: string;
  };
  password_reset: { recipientName: string; link: string; validMinutes: number };
  /** Sent to the new address. */
  email_change: { recipientName: string; newEmail: string; link: string; validHours: number };
  /** Sent to the old address. */
  email_changed: { recipientName: string; newEmail: string };
  password_changed: { recipientName: string };
  /** To the Incentive admins and Global admins of the organization, for one (location, program). */
  enrollment_invited: EnrollmentMailValues;
  enrollment_validated: EnrollmentMailValues;
  enrollment_rejected: EnrollmentMailValues & { reason: string };
  /** To a location's admins: its W-8BEN-E expires in `daysLeft` days (90, 30, 7). */
  tax_form_expiring: TaxFormMailValues & { daysLeft: number };
  /** To a location's admins: its W-8BEN-E has expired; its enrollments need action. */
  tax_form_expired: TaxFormMailValues;
  /** An operator sent a tax profile (`profileName` is the location) or a payment profile back. */
  profile_action_required: {
    recipientName: string;
    organizationName: string;
    kind: 'tax' | 'payment';
    profileName: string;
    reason: string;
    link: string;
  };
  /**
   * New bank details wait for a second admin. `validHours` is set when the link itself confirms
   * (an organization with one admin); otherwise the link opens the request for another admin.
   */
  bank_change_requested: BankChangeMailValues & { link: string; validHours: number | null };
  /** To every Global admin: new bank details took effect. */
  bank_change_applied: BankChangeMailValues & { confirmedBy: string; link: string };
  /** To the partner user who disputed a payment: an operator answered. `cycle` is `YYYY-MM`. */
  dispute_answered: { recipientName: string; locationName: string; locationId: string; programName: string; cycle: string; answer: string; link: string };
}

interface TaxFormMailValues {
  recipientName: string;
  organizationName: string;
  locationName: string;
  locationId: string;
  /** `YYYY-MM-DD`. */
  expiresOn: string;
  link: string;
}

interface BankChangeMailValues {
  recipientName: string;
  organizationName: string;
  requesterName: string;
  profileName: string;
  /** Only ever the masked account: `•••• 1234`. */
  accountMasked: string;
}

interface EnrollmentMailValues {
  recipientName: string;
  organizationName: string;
  locationName: string;
  locationId: string;
  /** In the recipient's language. */
  programName: string;
  link: string;
}

export type TemplateName = keyof TemplateValues;

export const templateNames = [
  'invitation',
  'password_reset',
  'email_change',
  'email_changed',
  'password_changed',
  'enrollment_invited',
  'enrollment_validated',
  'enrollment_rejected',
  'tax_form_expiring',
  'tax_form_expired',
  'profile_action_required',
  'bank_change_requested',
  'bank_change_applied',
  'dispute_answered',
] as const satisfies readonly TemplateName[];

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && (templateNames as readonly string[]).includes(value);
}

/** A template with its values, as one discriminated union. */
export type TemplateMail = { [T in TemplateName]: { template: T; values: TemplateValues[T] } }[TemplateName];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'action'; label: string; link: string }
  | { kind: 'note'; text: string };

interface Content {
  subject: string;
  greetingName: string;
  blocks: Block[];
}

export function renderMail(mail: TemplateMail, locale: Locale): RenderedMail {
  const content = contentOf(mail, locale);
  return { subject: content.subject, text: renderText(content, locale), html: renderHtml(content, locale) };
}

function contentOf(mail: TemplateMail, locale: Locale): Content {
  const t = (key: string, values: Record<string, unknown> = {}) => translate(locale, `mail:${key}`, values);
  const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
  const note = (text: string): Block => ({ kind: 'note', text });
  const action = (label: string, link: string): Block => ({ kind: 'action', label, link: checkedLink(link) });

  switch (mail.template) {
    case 'invitation': {
      const v = mail.values;
      const operator = v.organizationName.trim() === '';
      const names = { inviterName: v.inviterName, organizationName: v.organizationName };
      return {
        subject: operator ? t('invitation.subjectOperator') : t('invitation.subject', names),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t(operator ? 'invitation.introOperator' : 'invitation.intro', names)),
          action(t('invitation.action'), v.link),
          note(t('invitation.expiry', { expiresAt: formatDateTime(v.expiresAt, locale, 'UTC') })),
          note(t('invitation.ignore')),
        ],
      };
    }
    case 'password_reset': {
      const v = mail.values;
      return {
        subject: t('password_reset.subject'),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t('password_reset.intro')),
          action(t('password_reset.action'), v.link),
          note(t('password_reset.expiry', { duration: formatDuration(v.validMinutes, 'minute', locale) })),
          note(t('password_reset.ignore')),
        ],
      };
    }
    case 'email_change': {
      const v = mail.values;
      return {
        subject: t('email_change.subject'),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t('email_change.intro', { newEmail: v.newEmail })),
          action(t('email_change.action'), v.link),
          note(t('email_change.expiry', { duration: formatDuration(v.validHours, 'hour', locale) })),
          note(t('email_change.ignore')),
        ],
      };
    }
    case 'email_changed':
      return {
        subject: t('email_changed.subject'),
        greetingName: mail.values.recipientName,
        blocks: [paragraph(t('email_changed.intro', { newEmail: mail.values.newEmail })), paragraph(t('email_changed.warning'))],
      };
    case 'password_changed':
      return {
        subject: t('password_changed.subject'),
        greetingName: mail.values.recipientName,
        blocks: [paragraph(t('password_changed.intro')), paragraph(t('password_changed.warning'))],
      };
    case 'enrollment_invited':
    case 'enrollment_validated':
    case 'enrollment_rejected': {
      const v = mail.values;
      const names = { programName: v.programName, locationName: v.locationName, locationId: v.locationId, organizationName: v.organizationName };
      return {
        subject: t(`${mail.template}.subject`, names),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t(`${mail.template}.intro`, names)),
          ...(mail.template === 'enrollment_rejected' ? [paragraph(t('enrollment_rejected.reason', { reason: mail.values.reason }))] : []),
          action(t(`${mail.template}.action`), v.link),
        ],
      };
    }
    case 'tax_form_expiring':
    case 'tax_form_expired': {
      const v = mail.values;
      const names = { locationName: v.locationName, locationId: v.locationId, organizationName: v.organizationName, expiresOn: formatDate(v.expiresOn, locale) };
      return {
        subject: t(`${mail.template}.subject`, names),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t(`${mail.template}.intro`, mail.template === 'tax_form_expiring' ? { ...names, count: mail.values.daysLeft } : names)),
          action(t(`${mail.template}.action`), v.link),
        ],
      };
    }
    case 'profile_action_required': {
      const v = mail.values;
      const names = { profileName: v.profileName, organizationName: v.organizationName };
      return {
        subject: t(`profile_action_required.subject.${v.kind}`, names),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t(`profile_action_required.intro.${v.kind}`, names)),
          paragraph(t('profile_action_required.reason', { reason: v.reason })),
          action(t('profile_action_required.action'), v.link),
        ],
      };
    }
    case 'bank_change_requested': {
      const v = mail.values;
      const names = { requesterName: v.requesterName, profileName: v.profileName, accountMasked: v.accountMasked, organizationName: v.organizationName };
      const direct = v.validHours !== null;
      return {
        subject: t('bank_change_requested.subject', names),
        greetingName: v.recipientName,
        blocks: [
          paragraph(t('bank_change_requested.intro', names)),
          paragraph(t(direct ? 'bank_change_requested.confirmByLink' : 'bank_change_requested.confirmByAdmin')),
          action(t(direct ? 'bank_change_requested.actionConfirm' : 'bank_change_requested.actionReview'), v.link),
          ...(direct ? [note(t('bank_change_requested.expiry', { duration: formatDuration(v.validHours!, 'hour', locale) }))] : []),
          note(t('bank_change_requested.warning')),
        ],
      };
    }
    case 'bank_change_applied': {
      const v = mail.values;
      const names = { requesterName: v.requesterName, confirmedBy: v.confirmedBy, profileName: v.profileName, accountMasked: v.accountMasked };
      return {
        subject: t('bank_change_applied.subject', names),
        greetingName: v.recipientName,
        blocks: [paragraph(t('bank_change_applied.intro', names)), action(t('bank_change_applied.action'), v.link), note(t('bank_change_applied.warning'))],
      };
    }
    case 'dispute_answered': {
      const v = mail.values;
      const names = { locationName: v.locationName, locationId: v.locationId, programName: v.programName, cycle: formatMonth(v.cycle, locale) };
      return {
        subject: t('dispute_answered.subject', names),
        greetingName: v.recipientName,
        blocks: [paragraph(t('dispute_answered.intro', names)), paragraph(t('dispute_answered.answer', { answer: v.answer })), action(t('dispute_answered.action'), v.link)],
      };
    }
  }
}

/** Links are built by Accrue itself; anything but http(s) is a programming error. */
function checkedLink(link: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(link)) throw new Error('A mail link must be an http(s) URL');
  return link;
}

function formatDuration(amount: number, unit: 'minute' | 'hour', locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}

function renderText(content: Content, locale: Locale): string {
  const t = (key: string, values: Record<string, unknown> = {}) => translate(locale, `mail:${key}`, values);
  const parts = [t('common.greeting', { name: content.greetingName })];
  for (const block of content.blocks) {
    parts.push(block.kind === 'action' ? `${block.label}\n${block.link}` : block.text);
  }
  parts.push(`-- \n${t('common.signature')}\n${t('common.automated')}`);
  return `${parts.join('\n\n')}\n`;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const fontStack =
  "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'PingFang TC', 'Microsoft JhengHei', 'Malgun Gothic', sans-serif";
const styles = {
  body: 'margin:0;padding:0;background-color:#f4f5f7;',
  outer: 'background-color:#f4f5f7;',
  card: 'max-width:560px;background-color:#ffffff;border:1px solid #e4e7eb;border-radius:8px;',
  content: `padding:32px;font-family:${fontStack};font-size:16px;line-height:1.5;color:#1f2933;`,
  paragraph: 'margin:0 0 16px 0;',
  note: 'margin:0 0 16px 0;font-size:14px;color:#52606d;',
  button:
    'display:inline-block;padding:12px 20px;background-color:#1c4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;',
  linkHelp: 'margin:0 0 24px 0;font-size:13px;color:#52606d;',
  link: 'color:#1c4ed8;word-break:break-all;',
  footer: `padding:16px 32px 0 32px;font-family:${fontStack};font-size:12px;line-height:1.5;color:#7b8794;`,
};

// Every piece of text, catalog or value, is escaped: the catalogs hold plain text, not markup.
function renderHtml(content: Content, locale: Locale): string {
  const t = (key: string, values: Record<string, unknown> = {}) =>
    escapeHtml(translate(locale, `mail:${key}`, values));
  const blocks = content.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p style="${styles.paragraph}">${escapeHtml(block.text)}</p>`;
      case 'note':
        return `<p style="${styles.note}">${escapeHtml(block.text)}</p>`;
      case 'action': {
        const href = escapeHtml(block.link);
        return [
          `<p style="margin:24px 0;"><a href="${href}" style="${styles.button}">${escapeHtml(block.label)}</a></p>`,
          `<p style="${styles.linkHelp}">${t('common.linkHelp')}<br><a href="${href}" style="${styles.link}">${href}</a></p>`,
        ].join('\n');
      }
    }
  });
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="${styles.body}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${styles.outer}">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${styles.card}">
<tr><td style="${styles.content}">
<p style="${styles.paragraph}">${t('common.greeting', { name: content.greetingName })}</p>
${blocks.join('\n')}
<p style="margin:24px 0 0 0;">${t('common.signature')}</p>
</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;">
<tr><td style="${styles.footer}">${t('common.automated')}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

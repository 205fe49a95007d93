import { OpenAPIHono, z } from '@hono/zod-openapi';
import { clientInfo } from '../../http/client.ts';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { cancelBankChange, checkBankChangeLink, confirmBankChange, confirmBankChangeByLink, requestBankChange } from './bank-changes.ts';
import { getPaymentProfile, getPaymentProfileForEdit, listPaymentProfiles, setPaymentProfileArchived, updatePaymentProfile } from './payment-profiles.ts';
import { approvePaymentProfile, getPaymentReview, listPaymentReviews, revealPaymentAccount, sendBackPaymentProfile } from './payment-reviews.ts';
import { bankChangeStatuses, bankSchemes, paymentProfileStatuses } from './schema.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const Masked = z.string().regex(/^•••• [0-9A-Za-z]{0,4}$/).openapi({ description: 'Only the last 4 characters of the IBAN or account number', example: '•••• 4321' });
const Currency = z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code' });
const Country = z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{2}$/, { message: 'must be a 2-letter country code' }));
const Detail = z.string().max(64).optional();

const BankDetails = z.object({
  bankCountry: z.string(),
  accountHolder: z.string(),
  scheme: z.enum(bankSchemes),
  accountMasked: Masked,
  routingNumber: z.string().nullable(),
  bic: z.string().nullable(),
});

const BankChange = BankDetails.extend({
  id: z.string().uuid(),
  paymentProfileId: z.string().uuid().nullable().openapi({ description: 'Null: the request creates a new profile' }),
  name: z.string(),
  acceptedCurrencies: z.array(z.string()),
  status: z.enum(bankChangeStatuses),
  requestedAt: iso,
  requestedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
  confirmation: z.enum(['admin', 'link']).openapi({ description: '`link`: only the mailed link confirms it' }),
  linkExpiresAt: iso.nullable(),
  canConfirm: z.boolean(),
  canCancel: z.boolean(),
}).openapi('BankChange');

const ProfileFields = BankDetails.extend({
  id: z.string().uuid(),
  name: z.string(),
  acceptedCurrencies: z.array(z.string()),
  status: z.enum(paymentProfileStatuses),
  statusReason: z.string().nullable(),
  version: z.number().int(),
  archived: z.boolean(),
  archivedAt: iso.nullable(),
  reviewedAt: iso.nullable(),
  createdAt: iso,
  updatedAt: iso,
});

const PaymentProfile = ProfileFields.extend({
  assignments: z.number().int().openapi({ description: 'How many (location, program) pairs it pays' }),
  pendingChange: BankChange.nullable(),
}).openapi('PaymentProfile');

const PaymentProfileForEdit = ProfileFields.extend({
  account: z.string().openapi({ description: 'The full IBAN or account number (the only unmasked view; audited)' }),
}).openapi('PaymentProfileForEdit');

const PaymentReview = ProfileFields.extend({ partner: z.object({ partnerId: z.string(), legalName: z.string() }) }).openapi('PaymentReview');

const BankChangeBody = z
  .strictObject({
    paymentProfileId: z.string().uuid().optional().openapi({ description: 'The profile whose bank details change; absent for a new profile' }),
    name: z.string().trim().max(100).optional(),
    bankCountry: Country,
    accountHolder: z.string().trim().min(1).max(200),
    iban: Detail.openapi({ description: 'Banks in IBAN countries' }),
    bic: Detail.openapi({ description: 'Banks in IBAN countries and outside the US' }),
    accountNumber: Detail.openapi({ description: 'Banks outside IBAN countries' }),
    routingNumber: Detail.openapi({ description: 'Banks in the US (ABA)' }),
    acceptedCurrencies: z.array(Currency).max(20).optional().openapi({ description: 'ISO 4217 codes; required for a new profile' }),
  })
  .openapi('BankChangeRequest');

const Token = z.strictObject({ token: z.string().min(20).max(200) });

const tags = ['Payment profiles'];
const reviewTags = ['Payment profile validation'];

const list = defineRoute({
  method: 'get',
  path: '/api/v1/payment-profiles',
  tags,
  summary: "The organization's payment profiles (masked) and pending bank changes",
  access: 'incentives.read',
  responses: { 200: json(z.object({ profiles: z.array(PaymentProfile), newProfileRequests: z.array(BankChange) }), 'Profiles') },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/payment-profiles/{id}',
  tags,
  summary: 'One payment profile (masked) with its pending bank change',
  access: 'incentives.read',
  request: { params: IdParam },
  responses: { 200: json(PaymentProfile, 'The profile') },
});

const edit = defineRoute({
  method: 'get',
  path: '/api/v1/payment-profiles/{id}/edit',
  tags,
  summary: 'The profile with its full IBAN or account number, for the edit form (re-authentication required; audited)',
  access: 'incentives.manage',
  request: { params: IdParam },
  responses: { 200: json(PaymentProfileForEdit, 'The profile, unmasked'), 403: { description: 'reauthentication_required' } },
});

const update = defineRoute({
  method: 'patch',
  path: '/api/v1/payment-profiles/{id}',
  tags,
  summary: 'Rename a profile or change its accepted currencies (bank details change only through a bank change)',
  access: 'incentives.manage',
  request: {
    params: IdParam,
    body: body(z.strictObject({ expectedVersion: z.number().int().min(1), name: z.string().trim().max(100).optional(), acceptedCurrencies: z.array(Currency).min(1).max(20).optional() })),
  },
  responses: { 200: json(PaymentProfile, 'Changed'), 409: { description: 'Changed meanwhile, or a dropped currency is in use' } },
});

const archive = defineRoute({
  method: 'post',
  path: '/api/v1/payment-profiles/{id}/archive',
  tags,
  summary: 'Archive a profile no assignment uses',
  access: 'incentives.manage',
  request: { params: IdParam },
  responses: { 200: json(PaymentProfile, 'Archived'), 409: { description: 'An assignment uses it, or it is archived' } },
});

const restore = defineRoute({
  method: 'post',
  path: '/api/v1/payment-profiles/{id}/restore',
  tags,
  summary: 'Restore an archived profile',
  access: 'incentives.manage',
  request: { params: IdParam },
  responses: { 200: json(PaymentProfile, 'Restored'), 409: { description: 'It is not archived' } },
});

const request = defineRoute({
  method: 'post',
  path: '/api/v1/bank-changes',
  tags,
  summary: 'Enter bank details (a new profile, or new details for one); they take effect only once confirmed by a second admin or the mailed link',
  access: 'incentives.manage',
  request: { body: body(BankChangeBody) },
  responses: {
    201: json(z.object({ change: BankChange, confirmation: z.enum(['admin', 'link']) }), 'Waiting for confirmation'),
    403: { description: 'reauthentication_required' },
    409: { description: 'A change of the profile is already pending, or the profile is archived' },
  },
});

const confirm = defineRoute({
  method: 'post',
  path: '/api/v1/bank-changes/{id}/confirm',
  tags,
  summary: 'Confirm a bank change entered by another admin (re-authentication required)',
  access: 'incentives.manage',
  request: { params: IdParam },
  responses: { 200: json(z.object({ paymentProfileId: z.string().uuid() }), 'Applied'), 403: { description: 'Own request, or reauthentication_required' }, 409: { description: 'Not pending' } },
});

const cancel = defineRoute({
  method: 'post',
  path: '/api/v1/bank-changes/{id}/cancel',
  tags,
  summary: 'Cancel a pending bank change',
  access: 'incentives.manage',
  request: { params: IdParam },
  responses: { 204: { description: 'Cancelled' }, 409: { description: 'Not pending' } },
});

const linkCheck = defineRoute({
  method: 'post',
  path: '/api/v1/bank-change-links/check',
  tags,
  summary: 'What a mailed confirmation link would confirm (masked); 404 when used or expired',
  access: 'public',
  request: { body: body(Token) },
  responses: {
    200: json(
      BankDetails.extend({
        organizationName: z.string(),
        requestedBy: z.object({ name: z.string(), email: z.string() }),
        requestedAt: iso,
        expiresAt: iso,
        name: z.string(),
        acceptedCurrencies: z.array(z.string()),
        current: z.object({ accountMasked: Masked, bankCountry: z.string() }).nullable(),
      }),
      'The change',
    ),
  },
});

const linkConfirm = defineRoute({
  method: 'post',
  path: '/api/v1/bank-change-links/confirm',
  tags,
  summary: 'Confirm a bank change by its mailed link (once, within 24 hours)',
  access: 'public',
  request: { body: body(Token) },
  responses: { 200: json(z.object({ paymentProfileId: z.string().uuid() }), 'Applied'), 404: { description: 'Used, expired or unknown link' } },
});

const reviews = defineRoute({
  method: 'get',
  path: '/api/v1/payment-reviews',
  tags: reviewTags,
  summary: 'Payment profiles to validate, by status (default Pending validation), bank country and search',
  access: 'partners.read',
  request: {
    query: z.strictObject({
      status: z.enum(paymentProfileStatuses).optional(),
      country: z.string().regex(/^[A-Z]{2}$/).optional(),
      q: z.string().trim().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: { 200: json(z.object({ profiles: z.array(PaymentReview), total: z.number().int() }), 'A page') },
});

const review = defineRoute({
  method: 'get',
  path: '/api/v1/payment-reviews/{id}',
  tags: reviewTags,
  summary: 'One payment profile (masked) with its partner',
  access: 'partners.read',
  request: { params: IdParam },
  responses: { 200: json(PaymentReview, 'The profile') },
});

const reveal = defineRoute({
  method: 'post',
  path: '/api/v1/payment-reviews/{id}/reveal',
  tags: reviewTags,
  summary: 'The full IBAN or account number, to check it (audited)',
  access: 'profiles.validate',
  request: { params: IdParam },
  responses: { 200: json(z.object({ account: z.string() }), 'The account') },
});

const approve = defineRoute({
  method: 'post',
  path: '/api/v1/payment-reviews/{id}/approve',
  tags: reviewTags,
  summary: 'Approve a payment profile waiting for validation',
  access: 'profiles.validate',
  request: { params: IdParam },
  responses: { 200: json(PaymentReview, 'Approved'), 409: { description: 'Not Pending validation' } },
});

const sendBack = defineRoute({
  method: 'post',
  path: '/api/v1/payment-reviews/{id}/send-back',
  tags: reviewTags,
  summary: "Send a payment profile back with a reason: Action required (mail to the partner's admins)",
  access: 'profiles.validate',
  request: { params: IdParam, body: body(z.strictObject({ reason: z.string().trim().min(3).max(500) })) },
  responses: { 200: json(PaymentReview, 'Sent back'), 409: { description: 'Already Action required, or archived' } },
});

export function paymentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => {
    const result = await listPaymentProfiles(c.get('ctx'), c.get('actor')!);
    return c.json({ profiles: result.profiles.map((p) => PaymentProfile.parse(p)), newProfileRequests: result.newProfileRequests.map((r) => BankChange.parse(r)) }, 200);
  });
  app.openapi(detail, async (c) => c.json(PaymentProfile.parse(await getPaymentProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').id)), 200));
  app.openapi(edit, async (c) =>
    c.json(PaymentProfileForEdit.parse(await getPaymentProfileForEdit(c.get('ctx'), c.get('actor')!, c.get('session') ?? null, c.req.valid('param').id)), 200),
  );
  app.openapi(update, async (c) => c.json(PaymentProfile.parse(await updatePaymentProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, c.req.valid('json'))), 200));
  app.openapi(archive, async (c) => c.json(PaymentProfile.parse(await setPaymentProfileArchived(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, true)), 200));
  app.openapi(restore, async (c) => c.json(PaymentProfile.parse(await setPaymentProfileArchived(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, false)), 200));
  app.openapi(request, async (c) => {
    const result = await requestBankChange(c.get('ctx'), c.get('actor')!, c.get('session') ?? null, c.req.valid('json'));
    return c.json({ change: BankChange.parse(result.change), confirmation: result.confirmation }, 201);
  });
  app.openapi(confirm, async (c) => c.json(await confirmBankChange(c.get('ctx'), c.get('actor')!, c.get('session') ?? null, c.req.valid('param').id), 200));
  app.openapi(cancel, async (c) => {
    await cancelBankChange(c.get('ctx'), c.get('actor')!, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(linkCheck, async (c) => c.json(await checkBankChangeLink(c.get('ctx'), c.req.valid('json').token), 200));
  app.openapi(linkConfirm, async (c) => c.json(await confirmBankChangeByLink(c.get('ctx'), c.req.valid('json').token, clientInfo(c)), 200));
  app.openapi(reviews, async (c) => {
    const result = await listPaymentReviews(c.get('ctx'), c.req.valid('query'));
    return c.json({ profiles: result.profiles.map((p) => PaymentReview.parse(p)), total: result.total }, 200);
  });
  app.openapi(review, async (c) => c.json(PaymentReview.parse(await getPaymentReview(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(reveal, async (c) => c.json(await revealPaymentAccount(c.get('ctx'), c.get('actor')!, c.req.valid('param').id), 200));
  app.openapi(approve, async (c) => c.json(PaymentReview.parse(await approvePaymentProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').id)), 200));
  app.openapi(sendBack, async (c) =>
    c.json(PaymentReview.parse(await sendBackPaymentProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  return app;
}

import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import type { Actor } from '../identity/actor.ts';
import { json, jsonBody } from '../identity/schemas.ts';
import { addAgreement, expireAgreement, updateAgreement } from './agreement-edits.ts';
import { addCompetency, expireCompetency, updateCompetency } from './competency-edits.ts';
import { getPartner } from './directory.ts';
import { createLocation, setLocationArchived, updateLocation } from './location-edits.ts';
import { createPartner, updatePartner } from './organization-edits.ts';
import {
  Agreement,
  AgreementChangesBody,
  Competency,
  CompetencyChangesBody,
  ExpireBody,
  Location,
  LocationChangesBody,
  LocationParams,
  NewAgreementBody,
  NewCompetencyBody,
  NewLocationBody,
  NewPartnerBody,
  PartnerChangesBody,
  PartnerDetail,
  PartnerIdParam,
  RowParams,
} from './schemas.ts';

const tags = ['Partners'];
const access = 'partners.manage';
const actorOf = (c: Context<AppEnv>): Actor => c.get('actor')!;
const refused = { description: 'Refused: `errors` names each field and rule; nothing was changed' };
const missing = { description: 'No such partner, or no such row of this partner' };

const createPartnerRoute = defineRoute({
  method: 'post',
  path: '/api/v1/partners',
  tags,
  summary: 'Create a partner organization (partner id from the sequence unless given); optionally invite its first Global admin',
  access,
  request: { body: jsonBody(NewPartnerBody) },
  responses: { 201: json(PartnerDetail, 'Created'), 400: refused, 409: { description: 'The partner id is taken' } },
});

const updatePartnerRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/partners/{partnerId}',
  tags,
  summary: "Change an organization's legal name, country or language",
  access,
  request: { params: PartnerIdParam, body: jsonBody(PartnerChangesBody) },
  responses: { 200: json(PartnerDetail, 'Changed'), 400: refused, 404: missing },
});

const createLocationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/partners/{partnerId}/locations',
  tags,
  summary: 'Add a location (location id from the sequence)',
  access,
  request: { params: PartnerIdParam, body: jsonBody(NewLocationBody) },
  responses: { 201: json(Location, 'Added'), 400: refused, 404: missing },
});

const updateLocationRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/partners/{partnerId}/locations/{locationId}',
  tags,
  summary: "Change a location's name, address, country or partner type (not while archived)",
  access,
  request: { params: LocationParams, body: jsonBody(LocationChangesBody) },
  responses: { 200: json(Location, 'Changed'), 400: refused, 404: missing, 409: { description: 'The location is archived' } },
});

const archiveRoute = (action: 'archive' | 'restore') =>
  defineRoute({
    method: 'post',
    path: `/api/v1/partners/{partnerId}/locations/{locationId}/${action}`,
    tags,
    summary: action === 'archive' ? 'Archive a location (it is kept, never deleted)' : 'Restore an archived location',
    access,
    request: { params: LocationParams },
    responses: { 200: json(Location, 'Done'), 404: missing },
  });

const addAgreementRoute = defineRoute({
  method: 'post',
  path: '/api/v1/partners/{partnerId}/agreements',
  tags,
  summary: 'Add an agreement of the whole organization or of one location',
  access,
  request: { params: PartnerIdParam, body: jsonBody(NewAgreementBody) },
  responses: { 201: json(Agreement, 'Added'), 400: refused, 404: missing, 409: { description: 'The same agreement already starts that day' } },
});

const updateAgreementRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/partners/{partnerId}/agreements/{id}',
  tags,
  summary: "Change an agreement's status or period",
  access,
  request: { params: RowParams, body: jsonBody(AgreementChangesBody) },
  responses: { 200: json(Agreement, 'Changed'), 400: refused, 404: missing, 409: { description: 'The same agreement already starts that day' } },
});

const expireAgreementRoute = defineRoute({
  method: 'post',
  path: '/api/v1/partners/{partnerId}/agreements/{id}/expire',
  tags,
  summary: 'Expire an active agreement: status expired, valid to the date (default today, not before valid from)',
  access,
  request: { params: RowParams, body: { ...jsonBody(ExpireBody), required: false } },
  responses: { 200: json(Agreement, 'Expired'), 400: refused, 404: missing, 409: { description: 'The agreement is not active' } },
});

const addCompetencyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/partners/{partnerId}/competencies',
  tags,
  summary: 'Add a competency',
  access,
  request: { params: PartnerIdParam, body: jsonBody(NewCompetencyBody) },
  responses: { 201: json(Competency, 'Added'), 400: refused, 404: missing, 409: { description: 'The same competency already starts that day' } },
});

const updateCompetencyRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/partners/{partnerId}/competencies/{id}',
  tags,
  summary: "Change a competency's name, level or period",
  access,
  request: { params: RowParams, body: jsonBody(CompetencyChangesBody) },
  responses: { 200: json(Competency, 'Changed'), 400: refused, 404: missing, 409: { description: 'The same competency already starts that day' } },
});

const expireCompetencyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/partners/{partnerId}/competencies/{id}/expire',
  tags,
  summary: 'Expire a competency: valid to the date (default today, within its period)',
  access,
  request: { params: RowParams, body: { ...jsonBody(ExpireBody), required: false } },
  responses: { 200: json(Competency, 'Expired'), 400: refused, 404: missing },
});

/** Operators' changes to partner master data; each is audited and asks for an eligibility run. */
export function partnerEditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createPartnerRoute, async (c) => {
    const partnerId = await createPartner(c.get('ctx'), actorOf(c), c.req.valid('json'));
    return c.json(PartnerDetail.parse(await getPartner(c.get('ctx'), partnerId)), 201);
  });
  app.openapi(updatePartnerRoute, async (c) => {
    const { partnerId } = c.req.valid('param');
    await updatePartner(c.get('ctx'), actorOf(c), partnerId, c.req.valid('json'));
    return c.json(PartnerDetail.parse(await getPartner(c.get('ctx'), partnerId)), 200);
  });
  app.openapi(createLocationRoute, async (c) =>
    c.json(Location.parse(await createLocation(c.get('ctx'), actorOf(c), c.req.valid('param').partnerId, c.req.valid('json'))), 201),
  );
  app.openapi(updateLocationRoute, async (c) => {
    const { partnerId, locationId } = c.req.valid('param');
    return c.json(Location.parse(await updateLocation(c.get('ctx'), actorOf(c), partnerId, locationId, c.req.valid('json'))), 200);
  });
  for (const action of ['archive', 'restore'] as const) {
    app.openapi(archiveRoute(action), async (c) => {
      const { partnerId, locationId } = c.req.valid('param');
      return c.json(Location.parse(await setLocationArchived(c.get('ctx'), actorOf(c), partnerId, locationId, action === 'archive')), 200);
    });
  }
  app.openapi(addAgreementRoute, async (c) =>
    c.json(Agreement.parse(await addAgreement(c.get('ctx'), actorOf(c), c.req.valid('param').partnerId, c.req.valid('json'))), 201),
  );
  app.openapi(updateAgreementRoute, async (c) => {
    const { partnerId, id } = c.req.valid('param');
    return c.json(Agreement.parse(await updateAgreement(c.get('ctx'), actorOf(c), partnerId, id, c.req.valid('json'))), 200);
  });
  app.openapi(expireAgreementRoute, async (c) => {
    const { partnerId, id } = c.req.valid('param');
    return c.json(Agreement.parse(await expireAgreement(c.get('ctx'), actorOf(c), partnerId, id, c.req.valid('json').date)), 200);
  });
  app.openapi(addCompetencyRoute, async (c) =>
    c.json(Competency.parse(await addCompetency(c.get('ctx'), actorOf(c), c.req.valid('param').partnerId, c.req.valid('json'))), 201),
  );
  app.openapi(updateCompetencyRoute, async (c) => {
    const { partnerId, id } = c.req.valid('param');
    return c.json(Competency.parse(await updateCompetency(c.get('ctx'), actorOf(c), partnerId, id, c.req.valid('json'))), 200);
  });
  app.openapi(expireCompetencyRoute, async (c) => {
    const { partnerId, id } = c.req.valid('param');
    return c.json(Competency.parse(await expireCompetency(c.get('ctx'), actorOf(c), partnerId, id, c.req.valid('json').date)), 200);
  });
  return app;
}


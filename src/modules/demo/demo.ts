import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { loadDemoIncentives } from './demo-incentives.ts';
import { payDemoLastCycle, runDemoCycle } from './demo-payments.ts';
import { loadDemoProfiles } from './demo-profiles.ts';
import { demoPastPrograms, demoPrograms } from './demo-programs.ts';
import { loadDemoUsers } from './demo-users.ts';
import { countOrganizations, createOrganization, type NewOrganization } from '../partners/organizations.ts';

/** Partner organizations of the demo data set: US, KR and TW, each with one to three locations. */
export const demoOrganizations: NewOrganization[] = [
  org('P-1000001', 'Northwind Cloud Services, Inc.', 'US', 'en', [
    ['L-2000001', 'Seattle headquarters', 'US', '1200 Western Ave, Seattle, WA 98101', 'direct_seller'],
    ['L-2000002', 'Austin office', 'US', '500 W 2nd St, Austin, TX 78701', 'indirect_reseller'],
  ]),
  org('P-1000002', 'Contoso Distribution LLC', 'US', 'en', [
    ['L-2000003', 'Chicago distribution center', 'US', '233 S Wacker Dr, Chicago, IL 60606', 'indirect_provider'],
  ]),
  org('P-1000003', 'Fabrikam Systems Corp.', 'US', 'en', [
    ['L-2000004', 'Boston', 'US', '100 Federal St, Boston, MA 02110', 'direct_seller'],
    ['L-2000005', 'Denver', 'US', '1700 Lincoln St, Denver, CO 80203', 'direct_seller'],
    ['L-2000006', 'Atlanta', 'US', '191 Peachtree St NE, Atlanta, GA 30303', 'indirect_reseller'],
  ]),
  org('P-1000004', 'Blue Yonder Analytics Inc.', 'US', 'en', [
    ['L-2000007', 'San Jose', 'US', '50 W San Fernando St, San Jose, CA 95113', 'indirect_reseller'],
  ]),
  org('P-1000005', '한빛클라우드 주식회사', 'KR', 'ko-KR', [
    ['L-2000317', '서울 본사', 'KR', '서울특별시 강남구 테헤란로 152', 'direct_seller'],
    ['L-2000318', '부산 지사', 'KR', '부산광역시 해운대구 센텀중앙로 97', 'indirect_reseller'],
  ]),
  org('P-1000006', '누리정보통신 주식회사', 'KR', 'ko-KR', [
    ['L-2000008', '판교 사무소', 'KR', '경기도 성남시 분당구 판교역로 235', 'indirect_provider'],
  ]),
  org('P-1000007', '다온소프트 주식회사', 'KR', 'ko-KR', [
    ['L-2000009', '서울 마포', 'KR', '서울특별시 마포구 월드컵북로 396', 'direct_seller'],
    ['L-2000010', '대전 연구소', 'KR', '대전광역시 유성구 대학로 291', 'direct_seller'],
  ]),
  org('P-1000008', '미래넷 유한회사', 'KR', 'en', [
    ['L-2000011', '인천 송도', 'KR', '인천광역시 연수구 컨벤시아대로 165', 'indirect_reseller'],
  ]),
  org('P-1000009', '雲橋科技股份有限公司', 'TW', 'zh-TW', [
    ['L-2000012', '台北總公司', 'TW', '台北市信義區信義路五段7號', 'direct_seller'],
    ['L-2000013', '台中分公司', 'TW', '台中市西屯區台灣大道三段99號', 'indirect_reseller'],
  ]),
  org('P-1000010', '群策資訊股份有限公司', 'TW', 'zh-TW', [
    ['L-2000014', '新竹辦公室', 'TW', '新竹市東區光復路二段101號', 'indirect_provider'],
  ]),
  org('P-1000011', '宏遠數位有限公司', 'TW', 'zh-TW', [
    ['L-2000015', '高雄辦公室', 'TW', '高雄市前鎮區成功二路39號', 'direct_seller'],
    ['L-2000016', '台南辦公室', 'TW', '台南市東區大學路1號', 'indirect_reseller'],
    ['L-2000017', '桃園辦公室', 'TW', '桃園市中壢區中大路300號', 'indirect_reseller'],
  ]),
  org('P-1000012', '光點雲端服務股份有限公司', 'TW', 'en', [
    ['L-2000018', '台北內湖', 'TW', '台北市內湖區瑞光路399號', 'indirect_reseller'],
  ]),
];

function org(
  partnerId: string,
  legalName: string,
  country: string,
  language: NewOrganization['language'],
  rows: [string, string, string, string, NewOrganization['locations'][number]['partnerType']][],
): NewOrganization {
  return {
    partnerId,
    legalName,
    country,
    language,
    locations: rows.map(([locationId, name, locCountry, address, partnerType]) => ({
      locationId,
      name,
      country: locCountry,
      address,
      partnerType,
    })),
  };
}

export interface DemoResult {
  organizations: number;
  locations: number;
  users: number;
  programs: number;
  enrollments: number;
}

export async function isEmpty(db: Database): Promise<boolean> {
  return (await countOrganizations(db.orm)) === 0;
}

/** Loads the demo data set into an empty database; refuses a database that has data. */
export async function loadDemo(ctx: Pick<AppContext, 'db' | 'config' | 'encryptor' | 'wakeMail'>): Promise<DemoResult> {
  const { db } = ctx;
  if (!(await isEmpty(db))) {
    throw new AppError('conflict', 'The database already has data; the demo data set loads only into an empty one.');
  }
  let locationCount = 0;
  for (const organization of demoOrganizations) {
    await createOrganization(db.orm, organization);
    locationCount += organization.locations.length;
  }
  const userCount = await loadDemoUsers(db.orm);
  const programs = [...demoPrograms, ...demoPastPrograms];
  const today = new Date();
  // The profiles (dated in the past) exist before last month's payment run, which comes before
  // yesterday's corrections and adjustments; today Finance runs last month's cycle.
  const enrollments = await loadDemoIncentives(ctx, programs, today, async () => {
    await loadDemoProfiles(ctx, today);
    await payDemoLastCycle(ctx, today);
  });
  await runDemoCycle(ctx, today);
  return { organizations: demoOrganizations.length, locations: locationCount, users: userCount, programs: programs.length, enrollments };
}

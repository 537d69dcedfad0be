import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { EmploymentType } from '../asn/nip.js';

/**
 * The JP ledger: the lesson hours (jam pelajaran) credited to each ASN per year, whatever
 * workflow earned them (an internship, a research project).
 */

/** Every PNS is owed at least 20 JP of competency development a year (PP 11/2017 art. 203(4), as amended by PP 17/2020). */
export const JP_MINIMUM_PER_YEAR = 20;

/** JP count in the year the activity that earned them ends. */
export const jpYearOf = (activity: { endDate: string }) => Number(activity.endDate.slice(0, 4));

/** An ASN's yearly record: who they are and the JP credited to them that year. */
export interface AsnYearRecord {
  nip: string;
  year: number;
  name: string;
  unit: string;
  employmentType: EmploymentType;
  jp: number;
  /** The part of `jp` earned in research projects (absent: none); the rest came from internships. */
  jpResearch?: number;
}

/** Where JP come from: an internship, or a research project. */
export type JpSource = 'internship' | 'research';

/** One credit of JP to an ASN, as a workflow writes it: who, for which year, how many, and from what. */
export interface JpCredit {
  nip: string;
  name: string;
  unit: string;
  employmentType: EmploymentType;
  year: number;
  hours: number;
  source: JpSource;
  /** The application or project the JP were earned by: one credit per ASN, source and year. */
  sourceId: string;
  at: string;
}

/**
 * The items that credit JP once: the credit itself (new, so a second credit for the same
 * source fails the transaction it is in) and the ASN's year, whose total grows by the hours
 * and whose research share is kept beside it, so the report can tell the sources apart.
 */
export function jpCreditItems(table: string, credit: JpCredit): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const { nip, year, hours } = credit;
  return [
    {
      Put: {
        TableName: table,
        Item: {
          pk: `ASN#${nip}`,
          sk: `JP#${year}#${credit.source === 'research' ? 'project-' : ''}${credit.sourceId}`,
          entity: 'jp-credit',
          nip,
          year,
          hours,
          source: credit.source,
          [credit.source === 'research' ? 'projectId' : 'applicationId']: credit.sourceId,
          at: credit.at,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: table,
        Key: { pk: `ASN#${nip}`, sk: `YEAR#${year}` },
        UpdateExpression: `SET #entity = :entity, gsi1pk = :gsi1pk, gsi1sk = :nip, nip = :nip, #year = :year, #name = if_not_exists(#name, :name), #unit = if_not_exists(#unit, :unit), employmentType = :type ADD jp :hours${credit.source === 'research' ? ', jpResearch :hours' : ''}`,
        ExpressionAttributeNames: { '#entity': 'entity', '#year': 'year', '#name': 'name', '#unit': 'unit' },
        ExpressionAttributeValues: {
          ':entity': 'asn-year',
          ':gsi1pk': `JPYEAR#${year}`,
          ':nip': nip,
          ':year': year,
          ':name': credit.name,
          ':unit': credit.unit,
          ':type': credit.employmentType,
          ':hours': hours,
        },
      },
    },
  ];
}

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
}

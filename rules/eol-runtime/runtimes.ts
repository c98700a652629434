/**
 * AWS Lambda managed runtimes and the dates AWS deprecates them, as data for the `eol-runtime` rule.
 *
 * Source: "Lambda runtimes", https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 * (the "Supported runtimes" and "Deprecated runtimes" tables: "Deprecation date", "Block function
 * create", "Block function update"). Checked 2026-11-23.
 *
 * How the dates were verified: the stored copy of the AWS page that could be searched returned only
 * its introduction, not the tables, so every date below was taken from two independent
 * transcriptions of those tables and kept only where they agree:
 * - endoflife-date/release-data `releases/aws-lambda.json`, a daily machine scrape of the page's
 *   "Deprecation date" and "Block function update" columns (last change 2026-08-15, unchanged at
 *   2026-08-22, the newest copy available);
 * - aws-cloudformation/cfn-lint `src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json`
 *   (commit afd7953b, 2026-06-02, "Update Lambda runtime lifecycle dates from AWS docs"), the only
 *   source found for "Block function create".
 * The two agree on every deprecation and block-update date they both list. Where only one gives a
 * date, the comment on the entry says so; where neither does, the date is left out, not guessed.
 *
 * Known caveats:
 * - AWS moves these dates. In 2026 it extended the Amazon Linux 2 runtimes (python3.10 from
 *   2026-06-30 to 2026-10-31; python3.11, java8.al2, java11 and java17 from 2026-06-30 to
 *   2027-06-30) and pushed most block dates to 2027-02-01 (create) / 2027-03-03 (update).
 * - A third-party script claiming to have checked the page in October 2026 lists later block dates
 *   (2027-07-29 / 2027-08-31) for the runtimes whose blocks are 2027-02-01 / 2027-03-03 here. No
 *   second source confirms it, so the table keeps the dates confirmed above. None of those dates has
 *   passed on 2026-11-23 either way.
 * - `nodejs26.x` and `python3.15` appear on the page without any date ("not scheduled"), so they are
 *   not in this table and the rule does not report them.
 *
 * Keep the table sorted by family and version. `successor` is the newest runtime of the same
 * language that the page lists (with the furthest deprecation date); it is a suggestion.
 */

/** A calendar date, `YYYY-MM-DD` (UTC, as the AWS page gives them). */
export type IsoDate = `${number}-${number}-${number}`;

export interface RuntimeLifecycle {
  /** The `Runtime` identifier, exactly as CloudFormation and the Lambda API spell it. */
  runtime: string;
  /** "Deprecation date": no more security patches, no technical support. */
  deprecated: IsoDate;
  /** "Block function create": from this date functions using the runtime cannot be created. */
  blockCreate?: IsoDate;
  /** "Block function update": from this date functions using the runtime cannot be updated. */
  blockUpdate?: IsoDate;
  /** The runtime to move to. */
  successor: string;
}

const NODE = 'nodejs24.x';
const PYTHON = 'python3.14';
const JAVA = 'java25';
const DOTNET = 'dotnet10';
const RUBY = 'ruby4.0';
const OS_ONLY = 'provided.al2023';

export const RUNTIMES: readonly RuntimeLifecycle[] = [
  // Node.js
  { runtime: 'nodejs', deprecated: '2016-08-30', blockCreate: '2016-09-30', blockUpdate: '2016-10-31', successor: NODE },
  { runtime: 'nodejs4.3', deprecated: '2020-03-05', blockCreate: '2020-02-03', blockUpdate: '2020-03-05', successor: NODE },
  // The page's block-update date for nodejs4.3-edge (2019-04-30) is before its deprecation date and
  // endoflife.date overrides it as a mistake (2020-04-30): the sources disagree, so it is left out.
  { runtime: 'nodejs4.3-edge', deprecated: '2020-03-05', blockCreate: '2019-03-31', successor: NODE },
  { runtime: 'nodejs6.10', deprecated: '2019-08-12', blockCreate: '2019-07-12', blockUpdate: '2019-08-12', successor: NODE },
  { runtime: 'nodejs8.10', deprecated: '2020-03-06', blockCreate: '2020-02-04', blockUpdate: '2020-03-06', successor: NODE },
  { runtime: 'nodejs10.x', deprecated: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-02-14', successor: NODE },
  { runtime: 'nodejs12.x', deprecated: '2023-03-31', blockCreate: '2023-03-31', blockUpdate: '2023-04-30', successor: NODE },
  { runtime: 'nodejs14.x', deprecated: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2027-03-03', successor: NODE },
  { runtime: 'nodejs16.x', deprecated: '2024-06-12', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: NODE },
  { runtime: 'nodejs18.x', deprecated: '2025-09-01', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: NODE },
  { runtime: 'nodejs20.x', deprecated: '2026-04-30', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: NODE },
  { runtime: 'nodejs22.x', deprecated: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01', successor: NODE },
  { runtime: 'nodejs24.x', deprecated: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01', successor: NODE },

  // Python
  { runtime: 'python2.7', deprecated: '2021-07-15', blockCreate: '2021-07-15', blockUpdate: '2022-05-30', successor: PYTHON },
  { runtime: 'python3.6', deprecated: '2022-07-18', blockCreate: '2022-07-18', blockUpdate: '2022-08-29', successor: PYTHON },
  { runtime: 'python3.7', deprecated: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2027-03-03', successor: PYTHON },
  { runtime: 'python3.8', deprecated: '2024-10-14', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: PYTHON },
  { runtime: 'python3.9', deprecated: '2025-12-15', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: PYTHON },
  { runtime: 'python3.10', deprecated: '2026-10-31', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: PYTHON },
  { runtime: 'python3.11', deprecated: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31', successor: PYTHON },
  { runtime: 'python3.12', deprecated: '2028-10-31', blockCreate: '2028-11-30', blockUpdate: '2029-01-10', successor: PYTHON },
  { runtime: 'python3.13', deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', successor: PYTHON },
  { runtime: 'python3.14', deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', successor: PYTHON },

  // Java
  { runtime: 'java8', deprecated: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2027-03-03', successor: JAVA },
  { runtime: 'java8.al2', deprecated: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31', successor: JAVA },
  { runtime: 'java11', deprecated: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31', successor: JAVA },
  { runtime: 'java17', deprecated: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31', successor: JAVA },
  { runtime: 'java21', deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', successor: JAVA },
  { runtime: 'java25', deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', successor: JAVA },
  // Added to the page in July 2026; only the endoflife.date scrape has them, and it does not read the
  // block-create column, so that date is left out.
  { runtime: 'java8.al2023', deprecated: '2029-06-30', blockUpdate: '2029-08-31', successor: JAVA },
  { runtime: 'java11.al2023', deprecated: '2029-06-30', blockUpdate: '2029-08-31', successor: JAVA },
  { runtime: 'java17.al2023', deprecated: '2029-06-30', blockUpdate: '2029-08-31', successor: JAVA },

  // .NET
  { runtime: 'dotnetcore1.0', deprecated: '2019-06-27', blockCreate: '2019-06-30', blockUpdate: '2019-07-30', successor: DOTNET },
  { runtime: 'dotnetcore2.0', deprecated: '2019-05-30', blockCreate: '2019-04-30', blockUpdate: '2019-05-30', successor: DOTNET },
  { runtime: 'dotnetcore2.1', deprecated: '2022-01-05', blockCreate: '2022-01-05', blockUpdate: '2022-04-13', successor: DOTNET },
  { runtime: 'dotnetcore3.1', deprecated: '2023-04-03', blockCreate: '2023-04-03', blockUpdate: '2023-05-03', successor: DOTNET },
  // .NET 5, 7 and 9 were container-image only: the page gives no block dates for them.
  { runtime: 'dotnet5.0', deprecated: '2022-05-10', successor: DOTNET },
  { runtime: 'dotnet6', deprecated: '2024-12-20', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: DOTNET },
  { runtime: 'dotnet7', deprecated: '2024-05-14', successor: DOTNET },
  { runtime: 'dotnet8', deprecated: '2026-11-10', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: DOTNET },
  { runtime: 'dotnet9', deprecated: '2026-11-10', successor: DOTNET },
  { runtime: 'dotnet10', deprecated: '2028-11-14', blockCreate: '2028-12-14', blockUpdate: '2029-01-15', successor: DOTNET },

  // Ruby
  { runtime: 'ruby2.5', deprecated: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-03-31', successor: RUBY },
  { runtime: 'ruby2.7', deprecated: '2023-12-07', blockCreate: '2024-01-09', blockUpdate: '2027-03-03', successor: RUBY },
  { runtime: 'ruby3.2', deprecated: '2026-03-31', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: RUBY },
  { runtime: 'ruby3.3', deprecated: '2027-03-31', blockCreate: '2027-04-30', blockUpdate: '2027-05-31', successor: RUBY },
  { runtime: 'ruby3.4', deprecated: '2028-03-31', blockCreate: '2028-04-30', blockUpdate: '2028-05-31', successor: RUBY },
  { runtime: 'ruby4.0', deprecated: '2029-03-31', blockCreate: '2029-04-30', blockUpdate: '2029-05-31', successor: RUBY },

  // OS-only (custom) runtimes, and Go, which moved to them
  { runtime: 'go1.x', deprecated: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2027-03-03', successor: OS_ONLY },
  { runtime: 'provided', deprecated: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2027-03-03', successor: OS_ONLY },
  { runtime: 'provided.al2', deprecated: '2026-07-31', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: OS_ONLY },
  { runtime: 'provided.al2023', deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', successor: OS_ONLY },
];

/** The table by runtime identifier. */
export const RUNTIMES_BY_ID: ReadonlyMap<string, RuntimeLifecycle> = new Map(RUNTIMES.map((r) => [r.runtime, r]));

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** One line of the final table: a figure, what it is compared with, and value / baseline. */
export interface Row {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** What the baseline is, e.g. "direct user subgraph"; empty when there is none. */
  readonly baselineLabel: string;
  readonly baseline: number | null;
  readonly ratio: number | null;
}

const formatNumber = (value: number, unit: string): string => {
  const digits = ['req/s', 'connections', 'retries', 'errors', 'statements'].includes(unit) ? 0 : value < 10 ? 2 : 1;
  return `${value.toFixed(digits)} ${unit}`;
};

/** A plain-text table: figure | value | baseline | ratio. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio'];
  const cells = rows.map((row) => [
    row.figure,
    formatNumber(row.value, row.unit),
    row.baseline === null ? '-' : `${formatNumber(row.baseline, row.unit)} (${row.baselineLabel})`,
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...cells.map(line)].join('\n');
}

export interface Report {
  readonly generatedAt: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly platform: string;
  };
  readonly settings: Record<string, number | string>;
  readonly rows: readonly Row[];
  /** Every measurement behind the rows (latency samples, error counts, ...). */
  readonly details: Record<string, unknown>;
}

export function machine(): Report['machine'] {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export async function writeReport(file: string, report: Report): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}

import { parseArgs } from 'node:util';

/** One command-line option: what `util.parseArgs` needs, plus what `--help` says about it. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** placeholder shown in the help, e.g. `DIR` */
  readonly value?: string;
  readonly description: string;
}

export interface CliSpec<O extends Record<string, CliOption>> {
  /** how it is started, e.g. `npm run bench --` */
  readonly command: string;
  readonly summary: string;
  /** roughly how long a run takes, said in the help */
  readonly duration: string;
  readonly options: O;
}

type Values<O extends Record<string, CliOption>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K]['multiple'] extends true
      ? string[]
      : string;
};

/** The text `--help` prints. */
export function helpText(spec: CliSpec<Record<string, CliOption>>): string {
  const entries = [
    ...Object.entries(spec.options),
    ['help', { type: 'boolean', short: 'h', description: 'print this help and exit' } as CliOption] as const,
  ];
  const heads = entries.map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return flag;
  });
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return [
    `Usage: ${spec.command} [options]`,
    '',
    spec.summary,
    '',
    'Options:',
    ...entries.map(([, o], i) => `  ${heads[i]!.padEnd(width)}${o.description}`),
    '',
    `Duration: ${spec.duration}`,
  ].join('\n');
}

/**
 * `util.parseArgs` with a `--help` that prints the options and exits 0, and a usage error
 * (unknown option, missing value) that prints one line and exits 2, never a stack trace.
 */
export function parseCli<O extends Record<string, CliOption>>(
  spec: CliSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): Values<O> {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  );
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    usageError(spec, (error as Error).message);
  }
  if (values.help) {
    console.log(helpText(spec));
    process.exit(0);
  }
  return values as Values<O>;
}

/** Prints a usage error (one line and a pointer to --help) and exits 2. */
export function usageError(spec: Pick<CliSpec<never>, 'command'>, message: string): never {
  console.error(`${message}\nSee: ${spec.command} --help`);
  process.exit(2);
}

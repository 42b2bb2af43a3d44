import { type SettingDef, repositorySettings } from '@codex-suite/core/settings';

import type { Check } from '@codex-suite/core/checks';

const VARIABLES_PAGE = 'Settings → Secrets and variables → Actions → Variables';

export interface VariableInput {
  readonly def: SettingDef;
  /** the resolved value (input > env > default), as text; undefined when absent */
  readonly value: string | undefined;
  /** where it came from */
  readonly source: 'input' | 'env' | 'default' | 'unset';
  /** the repository variable of the same name; undefined when not set or not readable */
  readonly repositoryValue: string | undefined;
}

/**
 * One check per repository setting. Tells apart "set as a repository variable but not mapped
 * into the job's environment" from "not set", when the repository variables could be read.
 */
export function checkVariable(input: VariableInput, variablesReadable: boolean): Check {
  const { def, value, source, repositoryValue } = input;
  const env = def.env ?? def.input;
  const name = `variable ${env}`;
  const mapHint = `add \`${env}: \${{ vars.${env} }}\` to the env of the workflow (or pass the input \`${def.input}\`)`;
  if (source === 'input' || source === 'env') {
    return {
      name,
      ok: true,
      message: `${env} = ${value} (from the ${source === 'input' ? `input ${def.input}` : 'environment'}).`,
    };
  }
  if (repositoryValue !== undefined) {
    return {
      name,
      ok: false,
      message: `${env} is set as a repository variable ('${repositoryValue}') but not mapped into this job, so ${
        def.default !== undefined
          ? `the default '${def.default}' is used instead`
          : 'the stages do not see it'
      }: ${mapHint}.`,
    };
  }
  if (source === 'default') {
    return { name, ok: true, message: `${env} is not set; the default '${def.default}' is used.` };
  }
  const example =
    env === repositorySettings.project.env
      ? 'orgs/<org>/projects/<number>'
      : env.includes('DASHBOARD')
        ? 'Dashboard'
        : 'Sprint 1';
  return {
    name,
    ok: false,
    message: `${env} is not set${def.requiredFor ? `, so ${def.requiredFor} is disabled` : ''}. Set the repository variable ${env} (${VARIABLES_PAGE} → New repository variable, e.g. ${env} = ${example})${
      variablesReadable ? '' : `; if it is set already, ${mapHint}`
    }.`,
  };
}

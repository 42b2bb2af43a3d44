import { checkGraphqlAnswer } from './graphql.js';
import { checkRestAnswer } from './openapi.js';

/** Problems with one answer of the emulator against GitHub's description; empty when it conforms. */
export function checkAnswer(
  route: string | undefined,
  status: number,
  headers: Record<string, string>,
  payload: string | undefined,
  requestBody: unknown,
): string[] {
  try {
    if (route === undefined)
      return ['the emulator has no route for this path, so GitHub would answer differently or not at all'];
    if (route === 'POST /graphql') return checkGraphqlAnswer(requestBody, status, payload);
    return checkRestAnswer({ route, status, headers, payload });
  } catch (error) {
    return [`the answer could not be checked: ${String(error)}`];
  }
}

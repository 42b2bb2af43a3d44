import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the OpenAI API: `GET /v1/models` (status chosen per test) and a streaming
 * `POST /v1/responses` that answers one Codex turn with SSE events, or fails in a chosen way.
 * While a turn is open it also snapshots the environment of every process running with a
 * CODEX_HOME, so tests can prove the key never reached Codex.
 */
export type ResponsesMode =
  | { kind: 'message'; text: string }
  /**
   * A hostile model: asks Codex to run each command in turn (`exec_command`), then answers with
   * `answer(outputs)`, given what the commands printed as Codex reported it back.
   */
  | { kind: 'tools'; commands: readonly string[]; answer: (outputs: readonly string[]) => string }
  | { kind: 'http-error'; status: number }
  | { kind: 'error-event' }
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

export interface FakeOpenAI {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** environ strings (NUL → newline) of processes that had CODEX_HOME set during a turn */
  readonly codexEnvironments: string[];
  models: { status: number; body: unknown };
  responses: ResponsesMode;
  close(): Promise<void>;
}

export function codexProcessEnvironments(marker = 'CODEX_REVIEW_PROXY_TOKEN='): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (environ.includes(marker)) found.push(environ.split('\0').join('\n'));
    } catch {
      // gone or not ours
    }
  }
  return found;
}

function sse(res: http.ServerResponse, event: Record<string, unknown>): void {
  res.write(`event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
}

function message(res: http.ServerResponse, text: string): void {
  sse(res, {
    type: 'response.output_item.done',
    item: { type: 'message', role: 'assistant', id: 'msg_test', content: [{ type: 'output_text', text }] },
  });
}

function completed(res: http.ServerResponse): void {
  sse(res, {
    type: 'response.completed',
    response: {
      id: 'resp_test',
      usage: {
        input_tokens: 100,
        input_tokens_details: null,
        output_tokens: 20,
        output_tokens_details: null,
        total_tokens: 120,
      },
    },
  });
  res.end();
}

/** The outputs of earlier tool calls, as Codex sends them back in the next request. */
export function toolOutputs(body: string): string[] {
  try {
    const input = (JSON.parse(body) as { input?: unknown }).input;
    if (!Array.isArray(input)) return [];
    return input
      .filter((item): item is { type: string; output: unknown } => item?.type === 'function_call_output')
      .map((item) => (typeof item.output === 'string' ? item.output : JSON.stringify(item.output)));
  } catch {
    return [];
  }
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const codexEnvironments: string[] = [];
  const hanging = new Set<http.ServerResponse>();
  const state = {
    models: { status: 200, body: { object: 'list', data: [{ id: 'gpt-5.5', object: 'model' }] } as unknown },
    responses: { kind: 'message', text: '{"status":"ok","summary":"fine","findings":[]}' } as ResponsesMode,
  };
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body,
    });
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(state.models.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(state.models.body));
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/responses') {
      codexEnvironments.push(...codexProcessEnvironments());
      const mode = state.responses;
      if (mode.kind === 'hang') {
        hanging.add(res);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (mode.kind === 'http-error') {
        res.writeHead(mode.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { message: 'simulated failure', type: 'server_error', code: null } }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      sse(res, { type: 'response.created', response: { id: 'resp_test' } });
      if (mode.kind === 'tools') {
        const outputs = toolOutputs(body);
        if (outputs.length < mode.commands.length) {
          sse(res, {
            type: 'response.output_item.done',
            item: {
              type: 'function_call',
              id: `fc_${outputs.length}`,
              call_id: `call_${outputs.length}`,
              name: 'exec_command',
              arguments: JSON.stringify({ cmd: mode.commands[outputs.length] }),
            },
          });
          completed(res);
          return;
        }
        message(res, mode.answer(outputs));
        completed(res);
        return;
      }
      if (mode.kind === 'error-event') {
        sse(res, {
          type: 'response.failed',
          response: { id: 'resp_test', error: { code: 'server_error', message: 'the model failed' } },
        });
        res.end();
        return;
      }
      message(res, mode.text);
      completed(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"not found"}}');
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    codexEnvironments,
    get models() {
      return state.models;
    },
    set models(value) {
      state.models = value;
    },
    get responses() {
      return state.responses;
    },
    set responses(value) {
      state.responses = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

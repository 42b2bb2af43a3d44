export const id = 897;
export const ids = [897];
export const modules = {

/***/ 1659:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHubClient: () => (/* binding */ createGitHubClient)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 20 modules
var utils = __webpack_require__(9811);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(3251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
;// CONCATENATED MODULE: ./packages/core/src/github/etag-cache.ts
/** Largest answer worth keeping for a conditional re-read (a repository, a ref, a milestone page). */
const MAX_CACHED_ANSWER_BYTES = 64 * 1024;
/** What the whole cache may hold; the oldest answers make room for newer ones. */
const MAX_CACHE_BYTES = 1024 * 1024;
/**
 * Whether a GET answer may be kept for a conditional re-read. The client asks this of every
 * answer, however the request was made (a single call, `paginate`, `paginate.iterator`), so no
 * caller can make the cache hold a repository's issues:
 * - an array is a page of a listing, and a `link` header names further pages: listings are read
 *   once per run, and keeping their pages held every issue and project item until exit;
 * - an answer over `MAX_CACHED_ANSWER_BYTES` (a large file, a recursive tree) is read once too.
 * Returns the answer's size in bytes when it may be kept, otherwise undefined.
 */
function cacheableSize(data, headers) {
    if (Array.isArray(data) || typeof headers.link === 'string')
        return undefined;
    const size = approximateSize(data);
    return size <= MAX_CACHED_ANSWER_BYTES ? size : undefined;
}
/** Bytes of an answer body as it came over the wire (JSON text, or the text or bytes themselves). */
function approximateSize(data) {
    if (typeof data === 'string')
        return data.length;
    if (data instanceof ArrayBuffer)
        return data.byteLength;
    // The declared length is the compressed one when the answer was gzipped: measure the body itself.
    return JSON.stringify(data ?? null).length;
}
/**
 * Remembers ETags of GET answers so a repeated read is sent conditionally; GitHub does not charge
 * a 304 against the rate limit. Bounded in bytes, not only in entries: what it holds never grows
 * with the size of the repository.
 */
class EtagCache {
    maxBytes;
    entries = new Map();
    heldBytes = 0;
    constructor(maxBytes = MAX_CACHE_BYTES) {
        this.maxBytes = maxBytes;
    }
    get(key) {
        return this.entries.get(key)?.value;
    }
    /** Keeps an answer of `bytes` bytes, evicting the oldest ones beyond the byte budget. */
    set(key, value, bytes) {
        this.delete(key);
        if (bytes > this.maxBytes)
            return;
        this.entries.set(key, { value, bytes });
        this.heldBytes += bytes;
        while (this.heldBytes > this.maxBytes) {
            const oldest = this.entries.keys().next().value;
            if (oldest === undefined)
                break;
            this.delete(oldest);
        }
    }
    delete(key) {
        const entry = this.entries.get(key);
        if (!entry)
            return;
        this.entries.delete(key);
        this.heldBytes -= entry.bytes;
    }
    get size() {
        return this.entries.size;
    }
    /** bytes of the answers held */
    get bytes() {
        return this.heldBytes;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/github/request-meter.ts
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Counts every request the client really sends (retries included), for telemetry and benchmarks,
 * and remembers the last rate-limit headers GitHub sent.
 */
class RequestMeter {
    records = [];
    rateLimitRemaining = null;
    rateLimitReset = null;
    record(method, url, status, headers, durationMs) {
        const path = safePath(url);
        const upper = method.toUpperCase();
        const isGraphql = path.endsWith('/graphql');
        this.records.push({
            method: upper,
            path,
            status,
            counted: status !== 304 && !path.endsWith('/rate_limit') && status !== 0,
            write: WRITE_METHODS.has(upper) && !(isGraphql && upper === 'POST' && status === -1),
            durationMs,
        });
        const remaining = headers?.get('x-ratelimit-remaining');
        if (remaining != null && remaining !== '')
            this.rateLimitRemaining = Number(remaining);
        const reset = headers?.get('x-ratelimit-reset');
        if (reset != null && reset !== '')
            this.rateLimitReset = Number(reset);
    }
    get requests() {
        return this.records.filter((r) => r.counted).length;
    }
    get reads() {
        return this.records.filter((r) => r.counted && !r.write).length;
    }
    get writes() {
        return this.records.filter((r) => r.counted && r.write).length;
    }
    get notModified() {
        return this.records.filter((r) => r.status === 304).length;
    }
    get total() {
        return this.records.length;
    }
    snapshot() {
        return {
            requests: this.requests,
            reads: this.reads,
            writes: this.writes,
            not_modified: this.notModified,
            rate_limit_remaining: this.rateLimitRemaining,
        };
    }
}
function safePath(url) {
    try {
        return new URL(url).pathname;
    }
    catch {
        return url.split('?')[0] ?? url;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/github/response-body.ts
/**
 * Reads a successful answer's body the way @octokit/request would (JSON parsed, text as a string,
 * anything else as bytes), but with the platform's `JSON.parse`. @octokit/request parses every
 * JSON answer through a reviver called for each value (to turn large integers into BigInt), which
 * was half of project-sync's CPU time on a 10,000-issue first pass; GitHub's ids and numbers are
 * far below 2^53, where a plain parse is exact.
 */
async function readResponseBody(body, contentType) {
    if (!body)
        return '';
    const bytes = await readAll(body);
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const utf8 = /;\s*charset="?utf-8"?/i.test(contentType ?? '');
    if (!contentType)
        return bytes.toString('utf8');
    if (type === 'application/json' || type === 'application/scim+json') {
        const text = bytes.toString('utf8');
        try {
            return JSON.parse(text);
        }
        catch {
            return text;
        }
    }
    if (type.startsWith('text/') || (utf8 && type !== 'application/octet-stream'))
        return bytes.toString('utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
/** The stream's bytes (read through its reader: the transport's stream class may not be this realm's). */
async function readAll(body) {
    const reader = body.getReader();
    const chunks = [];
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        chunks.push(value);
    }
    return Buffer.concat(chunks);
}

;// CONCATENATED MODULE: ./packages/core/src/github/client.ts







const SuiteOctokit = utils/* GitHub */.gq.plugin(plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
/**
 * The suite's one GitHub client: @actions/github's Octokit (REST methods + pagination) with the
 * throttling and retry plugins, every real HTTP exchange metered, and conditional reads.
 */
function createGitHubClient(options) {
    const meter = options.meter ?? new RequestMeter();
    const etagCache = options.etagCache ?? new EtagCache();
    const log = options.log ?? (() => { });
    const maxWait = options.maxRateLimitWaitSeconds ?? 120;
    const maxRetries = options.retries ?? 3;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const baseFetch = options.fetch ?? utils/* defaults */.NT.request?.fetch ?? fetch;
    const meteredFetch = async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const method = init?.method ?? 'GET';
        const started = performance.now();
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        try {
            const response = await baseFetch(input, { ...init, signal });
            meter.record(method, url, response.status, response.headers, performance.now() - started);
            return response;
        }
        catch (error) {
            meter.record(method, url, 0, undefined, performance.now() - started);
            throw error;
        }
    };
    const shouldWait = (kind) => (retryAfter, request, _o, retryCount) => {
        if (retryAfter <= maxWait && retryCount < maxRetries) {
            log(`${kind} on ${request.method} ${request.url}: waiting ${retryAfter}s (retry ${retryCount + 1}).`);
            return true;
        }
        log(`${kind} on ${request.method} ${request.url}: a wait of ${retryAfter}s is over the limit of ${maxWait}s; stopping.`);
        return false;
    };
    const octokit = new SuiteOctokit((0,utils/* getOctokitOptions */.EG)(options.token, {
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        userAgent: options.userAgent ?? 'codex-suite',
        request: { fetch: meteredFetch },
        retry: { retries: maxRetries, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
        throttle: {
            onRateLimit: shouldWait('Primary rate limit'),
            onSecondaryRateLimit: shouldWait('Secondary rate limit'),
            // One write at a time, spaced (contract: "Writes are made serially").
            write: new (light_default()).Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
            // Writes that notify people (new issues, comments) keep the plugin's 3 s spacing, except on
            // a local test bed (write interval 0), where it would only slow the tests down.
            notifications: new (light_default()).Group({
                maxConcurrent: 1,
                minTime: options.writeIntervalMs === 0 ? 0 : 3000,
            }),
            retryAfterBaseValue: 1000,
        },
    }));
    // Parsing first: hooks registered earlier run closer to the request, and the conditional reads
    // keep parsed answers.
    installResponseParsing(octokit);
    installConditionalReads(octokit, etagCache);
    return { octokit, meter, etagCache };
}
/**
 * Conditional reads for every GET. What is kept for a re-read is decided here, from the answer
 * itself (`cacheableSize`), never by a per-call option: `paginate.iterator` sends only
 * `{ method, url, headers }` for each page, so an option given by the caller would not reach
 * this hook on later pages.
 */
function installConditionalReads(octokit, cache) {
    octokit.hook.wrap('request', async (request, options) => {
        if (options.method !== 'GET' || options.headers['if-none-match']) {
            return request(options);
        }
        const endpoint = octokit.request.endpoint(options);
        const key = `${endpoint.url} ${endpoint.headers.accept ?? ''}`;
        const cached = cache.get(key);
        if (cached)
            options.headers['if-none-match'] = cached.etag;
        try {
            const response = await request(options);
            const etag = response.headers.etag;
            const bytes = etag ? cacheableSize(response.data, response.headers) : undefined;
            if (etag && bytes !== undefined) {
                cache.set(key, { etag, status: response.status, headers: pickHeaders(response.headers), data: response.data }, bytes);
            }
            else {
                cache.delete(key);
            }
            return response;
        }
        catch (error) {
            if (cached && error.status === 304) {
                return {
                    status: cached.status,
                    url: endpoint.url,
                    headers: cached.headers,
                    data: cached.data,
                };
            }
            throw error;
        }
    });
}
/** Successful answers are parsed by `readResponseBody` (errors keep Octokit's own parsing). */
function installResponseParsing(octokit) {
    octokit.hook.wrap('request', async (request, options) => {
        const own = options.request;
        if (own?.parseSuccessResponseBody === false)
            return request(options);
        // In place: every hook of the chain is handed the same options object.
        options.request = { ...own, parseSuccessResponseBody: false };
        const response = await request(options);
        const body = response.data;
        const data = body === '' || body === undefined
            ? body
            : await readResponseBody(body, response.headers['content-type']);
        return { ...response, data };
    });
}
function pickHeaders(headers) {
    const kept = {};
    for (const name of ['link', 'etag', 'content-type', 'last-modified']) {
        const value = headers[name];
        if (typeof value === 'string')
            kept[name] = value;
    }
    return kept;
}


/***/ })

};

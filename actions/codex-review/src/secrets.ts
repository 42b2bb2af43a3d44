/**
 * What must never leave the run in anything it posts, summarises, annotates or records: the values
 * the stage masks (token, API key) and every environment value that looks like a secret, in the
 * encodings a hostile model can produce cheaply (base64 at any alignment, URL-encoding, hex,
 * JSON escapes). Text where a secret survives in a form these miss (spaced out, split by
 * markup) is withheld as a whole.
 */

/** Name parts that mark a variable as a credential (`NPM_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `DEPLOY_PASSWORD`). */
const SECRET_NAME_PART =
  /^(TOKEN|TOKENS|SECRET|SECRETS|PASSWORD|PASSWD|PASS|PASSPHRASE|KEY|KEYS|APIKEY|CREDENTIAL|CREDENTIALS|AUTH|PAT|PRIVATE|SESSION|COOKIE|SIGNATURE|WEBHOOK|DSN)$/;

/** Values that are credentials whatever their variable is called. */
const SECRET_VALUE_SHAPES: readonly RegExp[] = [
  /gh[pousr]_[A-Za-z0-9]{20,}/g,
  /github_pat_[A-Za-z0-9_]{20,}/g,
  /sk-[A-Za-z0-9_-]{16,}/g,
  /(?:AKIA|ASIA)[0-9A-Z]{16}/g,
  /xox[abprs]-[A-Za-z0-9-]{10,}/g,
  /npm_[A-Za-z0-9]{30,}/g,
  /glpat-[A-Za-z0-9_-]{20,}/g,
  /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Shorter values are too common to mask without masking ordinary words. */
export const MIN_SECRET_LENGTH = 8;

export function looksLikeSecretName(name: string): boolean {
  return name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .some((part) => SECRET_NAME_PART.test(part));
}

/** Every value of the environment that is, or contains, something that looks like a secret. */
export function environmentSecrets(env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>();
  for (const [name, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    // Action inputs count by their own name: `INPUT_GITHUB-TOKEN` is a secret, `INPUT_MODEL` is not.
    const byName = looksLikeSecretName(name.replace(/^INPUT_/i, ''));
    const shapes = SECRET_VALUE_SHAPES.flatMap((shape) => value.match(shape) ?? []);
    if (!byName && shapes.length === 0 && !PRIVATE_KEY.test(value)) continue;
    if (byName || PRIVATE_KEY.test(value)) found.add(value);
    for (const match of shapes) found.add(match);
    // The runner masks a multi-line secret line by line; so does this.
    for (const line of value.split(/\r?\n/))
      if (line.trim().length >= MIN_SECRET_LENGTH) found.add(line.trim());
  }
  return [...found];
}

/** base64 of `secret` as it appears inside a longer base64 text, at each of the three alignments. */
function base64Alignments(secret: Buffer): string[] {
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret])
      .toString('base64')
      .replace(/=+$/, '');
    // Leading characters mix in the bytes before the secret, the last one the bytes after it.
    const start = [0, 2, 3][offset] ?? 0;
    const end = (offset + secret.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    out.push(encoded.slice(start, end));
  }
  return out;
}

/** The forms of one secret a redaction looks for (the secret first). */
export function secretVariants(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = base64Alignments(bytes);
  const hex = bytes.toString('hex');
  const variants = [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    ...base64,
    ...base64.map((b) => b.replace(/\+/g, '-').replace(/\//g, '_')),
    hex,
    hex.toUpperCase(),
  ];
  return [...new Set(variants)].filter((v) => v.length >= MIN_SECRET_LENGTH);
}

/** Letters and digits only, lower-cased: what is left of a secret someone spaced out or marked up. */
function squash(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export const REDACTED = '***';
export const WITHHELD = '[withheld: this text contained a secret of the run]';

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private variants: string[] = [];

  /**
   * Adds secrets and returns their new forms to mask. A value the run knows to be secret (the key,
   * the token) counts from 4 characters; guessed ones from 8. Encoded forms shorter than 8 are
   * left out: they would match ordinary words.
   */
  add(values: readonly string[], minLength = MIN_SECRET_LENGTH): string[] {
    const added: string[] = [];
    for (const value of values) {
      if (value.length < minLength || this.secrets.has(value)) continue;
      this.secrets.add(value);
      added.push(...new Set([value, ...secretVariants(value)]));
    }
    this.variants = [...new Set([...this.variants, ...added])].sort((a, b) => b.length - a.length);
    return added;
  }

  /** Every known form replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const variant of this.variants) if (out.includes(variant)) out = out.split(variant).join(REDACTED);
    return out;
  }

  /** Whether a secret survives in the text in a form `redact` cannot locate. */
  hidesSecret(text: string): boolean {
    const squashed = squash(text);
    for (const secret of this.secrets) {
      const s = squash(secret);
      if (s.length >= MIN_SECRET_LENGTH && squashed.includes(s)) return true;
    }
    return false;
  }

  /** Text safe to publish: redacted, or withheld entirely when a disguised secret remains. */
  scrub(text: string): string {
    const redacted = this.redact(text);
    return this.hidesSecret(redacted) ? WITHHELD : redacted;
  }
}

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const optional = z.string().trim().min(1).optional().catch(undefined);

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Unset: embedded PGlite in PGLITE_DIR. */
  DATABASE_URL: optional,
  // At least 2: start-up holds one connection for its advisory lock while it migrates and seeds on another.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).default(10),
  PGLITE_DIR: optional,
  /** Unset: jobs run in-process. */
  REDIS_URL: optional,
  /** Key prefix for BullMQ (use a `{hash-tag}` on Redis Cluster). */
  QUEUE_PREFIX: z.string().default("ipm"),
  /** Unset in embedded mode: a random secret is made once and kept in .data/session-secret. */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Public origin, e.g. https://ip.example.cn; requests from other origins are refused. */
  APP_ORIGIN: optional,
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  /** Only for tests: point the Stripe SDK at a local server, e.g. http://127.0.0.1:12111 */
  STRIPE_API_BASE: optional,
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(300),
  /** Offline payments (no Stripe keys): the platform account buyers transfer to. Demo defaults are fictitious. */
  PAYEE_ACCOUNT_NAME: z.string().default("浦东新区知识产权服务中心（演示）"),
  PAYEE_BANK: z.string().default("申城银行张江科技支行（演示）"),
  PAYEE_ACCOUNT_NUMBER: z.string().default("3101 0000 0000 2026 0001"),
  /** Public pages kept in each web process until a change (app/utils/page-cache.server.ts); "off" renders every request. */
  PAGE_CACHE: z.enum(["on", "off"]).default("on"),
  PAGE_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(60),
  PAGE_CACHE_MAX_MIB: z.coerce.number().int().positive().default(32),
  UPLOAD_DIR: z.string().default(".uploads"),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Largest body a form (FORM_MAX_BYTES) or a bank API call (JSON_MAX_BYTES) may send; refused with 413 while reading. */
  FORM_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  JSON_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  REPORT_DIR: z.string().default(".data/reports"),
  /** Encrypts the signing keys the platform holds for organisations (unset: derived from SESSION_SECRET). */
  SIGNING_KEY_SECRET: z.string().min(16).optional().catch(undefined),
  /** Production: the platform CA's certificate and (unencrypted PKCS#8) key as PEM files; unset: made once and kept in the database. */
  SIGNING_CA_CERT_FILE: optional,
  SIGNING_CA_KEY_FILE: optional,
  /** A JSON file of working-day years to add to the built-in Chinese calendar ({"2027": {"holidays": [...], "workdays": [...]}}). */
  WORKDAY_CALENDAR_FILE: optional,
  /** Seed demo data on first start (defaults to on in embedded mode). */
  SEED_DEMO: z.enum(["auto", "true", "false"]).default("auto"),
  /** Express `trust proxy`: unset = none (X-Forwarded-For ignored); a hop count, `loopback`, or addresses/CIDRs. */
  TRUST_PROXY: optional,

  // ---- rate limits (README "Rate limits"): Redis when REDIS_URL is set, else a PostgreSQL table, else memory ----
  /** Sign-in: failures per (e-mail, IP) before each further attempt waits; the wait doubles up to the maximum. */
  RATE_LIMIT_LOGIN_FREE_FAILURES: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_LOGIN_DELAY_SECONDS: z.coerce.number().int().positive().default(2),
  RATE_LIMIT_LOGIN_DELAY_MAX_SECONDS: z.coerce.number().int().positive().default(900),
  /** Sign-in failures from one IP (any e-mail) per hour; past that the IP waits out the hour. */
  RATE_LIMIT_LOGIN_IP_FAILURES_PER_HOUR: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_SIGNUPS_PER_HOUR: z.coerce.number().int().positive().default(10),
  /** Imports and file uploads, counted per IP and per organisation. */
  RATE_LIMIT_UPLOADS_PER_HOUR: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().positive().default(300),
  /** Bank API calls with an unknown or revoked key, per IP per 10 minutes. */
  RATE_LIMIT_API_KEY_FAILURES: z.coerce.number().int().positive().default(20),
  /** Imports: the most a spreadsheet may inflate to (XLSX is a zip); checked before and while reading. */
  IMPORT_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** Run the outbox relay and in-process processors in the web process (embedded mode). */
  INLINE_JOBS: z.enum(["auto", "true", "false"]).default("auto"),

  // ---- operations (docs/decisions/job-reconciliation.md, README "Production") ----
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Bearer token for `/metrics`; unset: only direct loopback clients (no proxy header) may read it. */
  METRICS_TOKEN: z.string().min(16).optional().catch(undefined),
  /** The worker's own `/metrics` listener (unset: none); `WORKER_METRICS_HOST` defaults to loopback. */
  WORKER_METRICS_PORT: z.coerce.number().int().positive().optional().catch(undefined),
  WORKER_METRICS_HOST: z.string().default("127.0.0.1"),
  /** Web processes `npm start` runs on PostgreSQL (default: one per core); embedded PGlite is always one. */
  WEB_CONCURRENCY: z.coerce.number().int().positive().max(64).optional().catch(undefined),
  /**
   * How long an idle keep-alive connection stays open. Longer than a load balancer's or client's own idle
   * timeout (60 s is common), so the server never closes a connection the other side is about to reuse
   * (that race answers the client's next request with a reset). SIGTERM still closes idle ones at once.
   */
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().positive().default(65),
  /** SIGTERM: how long in-flight requests (and in-process jobs) may take before connections are cut. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000),
  /** SIGTERM: keep accepting for this long while /healthz already answers 503 (lets a load balancer notice). */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Each /healthz dependency check gives up after this long (at most 2 s). */
  HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().positive().max(2_000).default(1_500),
  /** `Retry-After` of the 503 answered while PostgreSQL or Redis is unreachable. */
  RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(15),
  /** postgres.js: give up opening a connection after this long (a query then answers 503 instead of hanging). */
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(5),
  /** After failed connections, wait at most about this long (±25 %) before opening another (db/reconnect.ts). */
  DATABASE_RECONNECT_MAX_MS: z.coerce.number().int().positive().default(1_000),
  /** BullMQ: a job's lock, how often workers look for stalled jobs, and how many stalls a job survives. */
  JOB_LOCK_MS: z.coerce.number().int().positive().default(10_000),
  JOB_STALLED_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  JOB_MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(1),
  /** A relay's claim on outbox rows: a relay that dies holding rows delays them this long, at most. */
  OUTBOX_LEASE_MS: z.coerce.number().int().positive().default(30_000),
  /** Reconciliation: how often it runs, how old a dispatched row must be before its job is looked up in Redis. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
  /** Work queued or running without progress for this long counts as stuck (reconciled; owners may retry). */
  JOB_STUCK_AFTER_MS: z.coerce.number().int().positive().default(15 * 60_000),
  /** A valuation interrupted by infrastructure (stalled worker, lost job) is restarted this many times before it fails. */
  VALUATION_AUTO_RETRIES: z.coerce.number().int().min(0).default(2),
  /** Valuation step jobs one worker process runs at once (each a valuation, or a chunk of a batch): they mostly wait on the database. */
  VALUATION_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** Tests only (NODE_ENV=test): a pause inside every valuation step, so that a fault drill's kill lands mid-step. */
  VALUATION_STEP_PAUSE_MS: z.coerce.number().int().min(0).default(0),
  /** Tests only (NODE_ENV=test): this step waits (up to 10 minutes) instead, so that a kill surely lands while it runs. */
  VALUATION_STEP_HOLD: z.enum(["enrich", "score", "value", "report"]).optional(),

  // ---- webhooks to banks (docs/decisions/webhooks-and-mail.md) ----
  /** One attempt's time limit (connect, send, answer). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Exponential backoff: first retry after about this long, ×3 each time, at most `WEBHOOK_BACKOFF_CAP_MS`, ±20 % jitter. */
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().positive().default(5_000),
  WEBHOOK_BACKOFF_CAP_MS: z.coerce.number().int().positive().default(12 * 3_600_000),
  /** Retries stop once the next would start this long after the first attempt (about 3 days). */
  WEBHOOK_RETRY_WINDOW_MS: z.coerce.number().int().positive().default(3 * 86_400_000),
  /** An endpoint failing without a success for this long is disabled and its bank told. */
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().positive().default(5 * 86_400_000),
  /** After a secret rotation the old secret keeps signing (a second signature) this long. */
  WEBHOOK_SECRET_OVERLAP_MS: z.coerce.number().int().positive().default(24 * 3_600_000),
  /** Private, loopback and link-local targets (and plain http): refused in production unless `true`. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(["auto", "true", "false"]).default("auto"),

  // ---- e-mail ----
  /** e.g. smtp://user:pass@smtp.example.cn:587; unset: messages are written as .eml files to MAIL_DIR. */
  SMTP_URL: optional,
  MAIL_FROM: z.string().default("知识产权质押融资平台 <noreply@ipm.example.cn>"),
  MAIL_DIR: z.string().default(".data/mail"),
  /** Verification and reset links expire after these many minutes. */
  EMAIL_VERIFY_TTL_MINUTES: z.coerce.number().int().positive().default(24 * 60),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().positive().default(60),
  /** At most this many reset e-mails per address per hour. */
  PASSWORD_RESET_PER_HOUR: z.coerce.number().int().positive().default(3),
});

export type Env = z.infer<typeof EnvSchema>;

function parseEnv(): Env & { SESSION_SECRET: string } {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    // Fail at start-up, naming the variables, rather than at the first request that needs one.
    throw new Error(`Invalid environment: ${JSON.stringify(z.flattenError(parsed.error).fieldErrors)}`);
  }
  if (!parsed.data.SESSION_SECRET && parsed.data.DATABASE_URL && parsed.data.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET must be set in production (at least 16 characters)");
  }
  return { ...parsed.data, SESSION_SECRET: parsed.data.SESSION_SECRET ?? localSecret() };
}

/** Embedded mode's secret: random, made on first start, kept beside the embedded database. */
function localSecret(): string {
  const file = path.join(process.cwd(), ".data", "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export const env: Env & { SESSION_SECRET: string } = parseEnv();
export const isEmbeddedQueue = () => !env.REDIS_URL;
export const stripeEnabled = () => Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);

import type { TransitionTable } from "../state-machine";

/**
 * The pledge application (DESIGN.md): draft → submitted → valuating → matching → matched →
 * under_review ⇄ info_requested → offered → accepted → registering → registered → disbursed →
 * settled; rejected / withdrawn; disbursed → defaulted → in_disposal → closed.
 *
 * One application goes to several banks. Each bank's own progress lives in `bank_reviews`
 * (`bankReviewLifecycle` below); the application's status is the furthest any bank has taken it
 * (docs/decisions/financing-per-bank-review.md). Hence the edges that the one-line summary above
 * leaves implicit: an offer may arrive while another bank still waits for answers
 * (info_requested → offered), further info requests do not pull an offered application back
 * (offered stays offered), and a bank that approves without asking anything goes
 * under_review → offered.
 */
export const APPLICATION_STATUSES = [
  "draft", "submitted", "valuating", "matching", "matched", "under_review", "info_requested", "offered", "accepted",
  "registering", "registered", "disbursed", "settled", "rejected", "withdrawn", "defaulted", "in_disposal", "closed",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationEvent =
  | "submit" | "startValuation" | "valuationReady" | "matched" | "startReview" | "requestInfo" | "answerInfo"
  | "offer" | "accept" | "startRegistration" | "register" | "disburse" | "settle" | "reject" | "withdraw"
  | "default" | "startDisposal" | "close" | "edit";

const withdrawable = { withdraw: "withdrawn" } as const;

/**
 * The enterprise may edit its application (amount, term, assets, purpose) until the first bank starts
 * its review: a draft stays a draft; a submitted one goes back to valuating (its valuation may be of
 * other assets now) and is matched afresh. From `under_review` on there is no `edit`: a 409.
 */
const editable = { edit: "valuating" } as const;

export const applicationLifecycle: TransitionTable<ApplicationStatus, ApplicationEvent> = {
  draft: { submit: "submitted", edit: "draft", ...withdrawable },
  submitted: { startValuation: "valuating", ...editable, ...withdrawable },
  valuating: { valuationReady: "matching", ...editable, ...withdrawable },
  matching: { matched: "matched", ...editable, ...withdrawable },
  matched: { startReview: "under_review", reject: "rejected", ...editable, ...withdrawable },
  under_review: { requestInfo: "info_requested", offer: "offered", reject: "rejected", ...withdrawable },
  info_requested: { answerInfo: "under_review", offer: "offered", reject: "rejected", ...withdrawable },
  offered: { accept: "accepted", ...withdrawable },
  accepted: { startRegistration: "registering", ...withdrawable },
  registering: { register: "registered" },
  registered: { disburse: "disbursed" },
  disbursed: { settle: "settled", default: "defaulted" },
  settled: {},
  rejected: {},
  withdrawn: {},
  defaulted: { startDisposal: "in_disposal" },
  in_disposal: { close: "closed" },
  closed: {},
};

/** Before the registration is filed: the parties may still declare agreements to the pre-check's waivable grounds. */
export const BEFORE_REGISTRATION: ReadonlySet<ApplicationStatus> = new Set([
  "draft", "submitted", "valuating", "matching", "matched", "under_review", "info_requested", "offered", "accepted",
]);

/** Statuses in which banks review and the matches may still change (re-matching is allowed). */
export const OPEN_FOR_BANKS: ReadonlySet<ApplicationStatus> = new Set(["matched", "under_review", "info_requested", "offered"]);

/**
 * One bank's review of one application. `new` when matching routed it to the bank; `closed` when
 * the enterprise accepted another bank's offer or withdrew.
 */
export const BANK_REVIEW_STATUSES = ["new", "under_review", "info_requested", "offered", "accepted", "rejected", "closed"] as const;
export type BankReviewStatus = (typeof BANK_REVIEW_STATUSES)[number];
export type BankReviewEvent = "open" | "requestInfo" | "answerInfo" | "offer" | "reject" | "accept" | "close";

export const bankReviewLifecycle: TransitionTable<BankReviewStatus, BankReviewEvent> = {
  new: { open: "under_review", requestInfo: "info_requested", offer: "offered", reject: "rejected", close: "closed" },
  under_review: { requestInfo: "info_requested", offer: "offered", reject: "rejected", close: "closed" },
  info_requested: { answerInfo: "under_review", offer: "offered", reject: "rejected", close: "closed" },
  offered: { accept: "accepted", close: "closed" },
  accepted: {},
  rejected: {},
  closed: {},
};

/** Reviews still waiting for the bank (shown in its queue). */
export const ACTIVE_REVIEW: ReadonlySet<BankReviewStatus> = new Set(["new", "under_review", "info_requested", "offered"]);

export const LOAN_STATUSES = ["pending", "active", "overdue", "settled", "defaulted"] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export type LoanEvent = "disburse" | "fallOverdue" | "cure" | "settle" | "default";

export const loanLifecycle: TransitionTable<LoanStatus, LoanEvent> = {
  pending: { disburse: "active" },
  active: { fallOverdue: "overdue", settle: "settled", default: "defaulted" },
  overdue: { cure: "active", settle: "settled", default: "defaulted" },
  settled: {},
  defaulted: {},
};

export const REGISTRATION_STATUSES = ["pending", "registered", "released", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export type RegistrationEvent = "register" | "release" | "cancel";

export const registrationLifecycle: TransitionTable<RegistrationStatus, RegistrationEvent> = {
  pending: { register: "registered", cancel: "cancelled" },
  registered: { release: "released" },
  released: {},
  cancelled: {},
};

export const PRODUCT_STATUSES = ["active", "paused"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export const productLifecycle: TransitionTable<ProductStatus, "pause" | "resume"> = {
  active: { pause: "paused" },
  paused: { resume: "active" },
};

/**
 * After the race: the application accepted another bank's offer. Such a bank sees only that it was
 * closed (list, page and API alike): not the enterprise, its assets, its valuation or where it went.
 */
export const lostToAnotherBank = (acceptedReviewId: string | null | undefined, ownReviewIds: readonly string[]) =>
  !!acceptedReviewId && !ownReviewIds.includes(acceptedReviewId);

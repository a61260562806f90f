import type { TransitionTable } from "../state-machine";

/**
 * A registration pack (the documents both parties sign and file with CNIPA): draft → signed by one →
 * signed by both → filed → (correction requested → re-signed by one → re-signed, filed again)* →
 * recorded. Before filing either party may withdraw it (`cancel`). The same table serves the three
 * kinds of pack — the pledge registration itself, a change (变更) and the cancellation (注销) on
 * settlement — since CNIPA handles each as an application signed by both parties.
 *
 * A signature is `sign` when the other party has not signed this revision yet and `countersign`
 * when it has; the service tells which from the signatures it holds.
 */
export const PACK_STATUSES = [
  "draft", "signed_one", "signed", "filed", "correction_requested", "resigned_one", "resubmitted", "recorded", "cancelled",
] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];
export type PackEvent = "sign" | "countersign" | "file" | "requestCorrection" | "record" | "cancel";

export const packLifecycle: TransitionTable<PackStatus, PackEvent> = {
  draft: { sign: "signed_one", cancel: "cancelled" },
  signed_one: { countersign: "signed", cancel: "cancelled" },
  signed: { file: "filed", cancel: "cancelled" },
  filed: { requestCorrection: "correction_requested", record: "recorded" },
  correction_requested: { sign: "resigned_one" },
  resigned_one: { countersign: "resubmitted" },
  resubmitted: { requestCorrection: "correction_requested", record: "recorded" },
  recorded: {},
  cancelled: {},
};

export const PACK_KINDS = ["registration", "change", "cancellation"] as const;
export type PackKind = (typeof PACK_KINDS)[number];

/**
 * Which register a pack goes to: CNIPA keeps patent pledges and trademark pledges apart (专利权质押登记
 * and 商标专用权质权登记), so a pledge over both is two packs, one for each.
 */
export const PACK_REGISTRIES = ["patent", "trademark"] as const;
export type PackRegistry = (typeof PACK_REGISTRIES)[number];
export const registryOf = (assetKind: string): PackRegistry => (assetKind === "trademark" ? "trademark" : "patent");
/** The registers an application's assets need, patents first; one (patent) for a pledge of receivables alone. */
export function registriesOf(assetKinds: readonly string[]): PackRegistry[] {
  const found = new Set(assetKinds.map(registryOf));
  return found.size ? PACK_REGISTRIES.filter((r) => found.has(r)) : ["patent"];
}

export const PARTIES = ["pledgor", "pledgee"] as const;
export type Party = (typeof PARTIES)[number];

/** States in which the current revision waits for signatures. */
export const SIGNABLE: ReadonlySet<PackStatus> = new Set(["draft", "signed_one", "correction_requested", "resigned_one"]);
/** States in which CNIPA's decision clock runs. */
export const AT_CNIPA: ReadonlySet<PackStatus> = new Set(["filed", "resubmitted"]);
/** A pack still in progress: one registration pack per application at a time. */
export const OPEN_PACK: ReadonlySet<PackStatus> = new Set(["draft", "signed_one", "signed", "filed", "correction_requested", "resigned_one", "resubmitted"]);

/** Which signature event a party's signature is, given who already signed this revision. */
export function signatureEvent(signedBy: readonly Party[], party: Party): PackEvent | null {
  if (signedBy.includes(party)) return null;
  return signedBy.length === 0 ? "sign" : "countersign";
}

import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { safeFileName, sniffFileType } from "#app/domain/market/file-type";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";

/** What a stored upload's row keeps: never the uploader's name on disk. */
export type StoredFile = { fileName: string; storedName: string; mime: string; size: number; sha256: string };

/**
 * Stores an uploaded document (certificates, thread attachments): the type is read from the bytes
 * (PDF, PNG or JPEG), the size is limited, and the file gets a generated name under UPLOAD_DIR, so
 * nothing the uploader chose reaches the disk. `field` names the form field in the errors.
 */
export async function storeUpload(
  file: { name: string; bytes: Uint8Array }, field = "file",
  opts: { sniff?: (b: Uint8Array) => { mime: string; ext: string } | null; typeKey?: string; tooLargeStatus?: 400 | 413 } = {},
): Promise<StoredFile> {
  if (file.bytes.length === 0) throw new ServiceError(400, "errors.fixBelow", { [field]: ["errors.required"] });
  if (file.bytes.length > env.UPLOAD_MAX_BYTES) {
    throw new ServiceError(opts.tooLargeStatus ?? 400, "errors.fixBelow", { [field]: ["market.errors.fileTooLarge"] }, { max: Math.floor(env.UPLOAD_MAX_BYTES / 1048576) });
  }
  const type = (opts.sniff ?? sniffFileType)(file.bytes);
  if (!type) throw new ServiceError(400, "errors.fixBelow", { [field]: [opts.typeKey ?? "market.errors.fileType"] });
  const storedName = `${crypto.randomUUID()}.${type.ext}`;
  const dir = path.resolve(env.UPLOAD_DIR);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, storedName), file.bytes, { flag: "wx", mode: 0o640 });
  return {
    fileName: safeFileName(file.name), storedName, mime: type.mime, size: file.bytes.length,
    sha256: crypto.createHash("sha256").update(file.bytes).digest("hex"),
  };
}

/** Removes a stored file whose row was never written (its transaction failed). */
export async function discardUpload(storedName: string) {
  await fs.unlink(path.join(path.resolve(env.UPLOAD_DIR), path.basename(storedName))).catch(() => {});
}

/** A stored file's bytes, or a 404 when it is gone. */
export async function readUpload(storedName: string) {
  const bytes = await fs.readFile(path.join(path.resolve(env.UPLOAD_DIR), path.basename(storedName))).catch(() => null);
  if (!bytes) throw new ServiceError(404, "errors.notFound");
  return bytes;
}

import { eq } from "drizzle-orm";
import { organizations } from "#db/schema/index";
import { parsePayload } from "#jobs/queues";
import { notifyOrgMembers } from "#app/services/notifications.server";
import { notifyInstantSearches, sweepSavedSearches } from "#app/services/saved-searches.server";
import { digestSweep, sendAccountEmail, sendAccountNotice, sendNotificationEmail } from "#app/services/mail.server";
import type { Processor } from "./types";

const STATUS_KIND = { verified: "notify.orgVerified", rejected: "notify.orgRejected", suspended: "notify.orgSuspended" } as const;

/** In-app notifications and their e-mails. Idempotent: the cause id (or the notification, token, digest day) is the dedupe key. */
export const processNotification: Processor = async (data, ctx) => {
  if (ctx.name === "org-status-changed") {
    const p = parsePayload("notifications", ctx.name, data) as { orgId: string; status: keyof typeof STATUS_KIND; reason: string | null; causeId: string };
    return ctx.db.transaction(async (tx) => {
      const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.orgId));
      if (!org) return { sent: 0 };
      const sent = await notifyOrgMembers(tx, {
        orgId: p.orgId, kind: STATUS_KIND[p.status], params: { org: org.name, reason: p.reason ?? "" },
        link: "/account", dedupeKey: `org-status:${p.causeId}`,
      });
      return { sent };
    });
  }
  if (ctx.name === "org-notice") {
    const p = parsePayload("notifications", ctx.name, data) as { orgId: string; kind: string; params: Record<string, unknown>; link: string | null; causeId: string };
    const sent = await notifyOrgMembers(ctx.db, { orgId: p.orgId, kind: p.kind, params: p.params, link: p.link, dedupeKey: `${p.kind}:${p.causeId}` });
    return { sent };
  }
  if (ctx.name === "listing-published") {
    const p = parsePayload("notifications", ctx.name, data) as { listingId: string };
    return notifyInstantSearches(ctx.db, p.listingId);
  }
  if (ctx.name === "saved-search-sweep") return sweepSavedSearches(ctx.db);
  if (ctx.name === "email") {
    const p = parsePayload("notifications", ctx.name, data) as { notificationId: string };
    return sendNotificationEmail(ctx.db, p.notificationId);
  }
  if (ctx.name === "account-email") {
    const p = parsePayload("notifications", ctx.name, data) as { tokenId: string };
    return sendAccountEmail(ctx.db, p.tokenId);
  }
  if (ctx.name === "account-notice") {
    const p = parsePayload("notifications", ctx.name, data) as Parameters<typeof sendAccountNotice>[1];
    return sendAccountNotice(ctx.db, p);
  }
  if (ctx.name === "digest-sweep") return digestSweep(ctx.db);
  throw new Error(`notifications: unknown job ${ctx.name}`);
};

import { Link, NavLink } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { INDUSTRIES, type Industry } from "#app/domain/industries";
import { ASSET_KINDS, AWARDS, LEGAL_STATUSES, type AssetKind, type LegalStatus } from "#app/domain/market/assets";
import type { DealStatus } from "#app/domain/market/deal";
import type { ListingMode, ListingStatus } from "#app/domain/market/listing";
import { bpToPercent } from "#app/domain/money";
import type { Locale } from "#app/i18n/index";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { Field, SelectField, StatusBadge, TextareaField } from "./ui";

/** Market building blocks shared by the seller, buyer, admin and public pages. */

type Money = bigint | string | number | null | undefined;

export function ListingStatusBadge({ status }: { status: ListingStatus }) {
  const t = useT();
  return <StatusBadge status={status} label={t(`market.listingStatus.${status}`)} />;
}

export function DealStatusBadge({ status }: { status: DealStatus }) {
  const t = useT();
  return <StatusBadge status={status} label={t(`market.dealStatus.${status}`)} />;
}

export function LegalStatusBadge({ status }: { status: LegalStatus }) {
  const t = useT();
  return <StatusBadge status={status} label={t(`market.legalStatus.${status}`)} />;
}

export const percentText = (bp: number | null | undefined) => (bp == null ? "" : `${bpToPercent(bp)}%`);

/** The price line of a listing: open-licence terms, a fixed asking price, or "negotiable". */
export function ListingPrice({ l }: { l: { mode: ListingMode; askingPriceFen?: Money; openFeeFen?: Money; royaltyBp?: number | null; termMonths?: number | null } }) {
  const t = useT();
  const locale = useLocale();
  if (l.mode === "open_licence") {
    const parts = [
      l.openFeeFen != null ? t("market.terms.fee", { fee: formatFen(l.openFeeFen, locale) }) : null,
      l.royaltyBp != null ? t("market.terms.royalty", { pct: percentText(l.royaltyBp) }) : null,
    ].filter(Boolean);
    return <span>{parts.join(" + ")}</span>;
  }
  if (l.askingPriceFen == null) return <span>{t("market.negotiable")}</span>;
  return <span>{formatFen(l.askingPriceFen, locale)}</span>;
}

export function localTitle(locale: Locale, x: { title: string; titleEn?: string | null }) {
  return locale === "en" && x.titleEn ? x.titleEn : x.title;
}

export function KindList({ kinds }: { kinds: readonly AssetKind[] }) {
  const t = useT();
  return <>{kinds.map((k) => t(`market.kind.${k}`)).join(" · ")}</>;
}

/** A listing in search results. */
export function ListingCard({ l }: {
  l: { id: string; title: string; titleEn: string | null; mode: ListingMode; kinds: readonly AssetKind[]; industry: Industry; highValue: boolean; askingPriceFen: Money; openFeeFen: Money; royaltyBp: number | null; termMonths: number | null; seller: { name: string } | null; park: { nameZh: string; nameEn: string } | null; available?: boolean };
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className="card" data-testid="listing-card">
      <div className="row">
        <span className="badge badge-info">{t(`market.mode.${l.mode}`)}</span>
        {l.highValue ? <span className="badge badge-ok">{t("market.highValue")}</span> : null}
        {l.available === false ? <span className="badge badge-warn">{t("market.sold.badge")}</span> : null}
      </div>
      <h3 style={{ marginTop: 8 }}>
        <Link to={`/market/${l.id}`}>{localTitle(locale, l)}</Link>
      </h3>
      <p className="muted small">
        <KindList kinds={l.kinds} /> · {t(`industry.${l.industry}`)}
        {l.park ? ` · ${locale === "en" ? l.park.nameEn : l.park.nameZh}` : ""}
      </p>
      <p className="small">{l.seller?.name}</p>
      <p><strong><ListingPrice l={l} /></strong></p>
    </article>
  );
}

export type AssetDefaults = Partial<Record<string, string | string[] | undefined>> & {
  coOwners?: Array<{ name?: string; uscc?: string | null; consent?: boolean }>;
};

/** The asset form (create and edit): one schema validates it on the server (AssetFormSchema). */
export function AssetFields({ v, e }: { v: AssetDefaults; e: Record<string, string[]> }) {
  const t = useT();
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  const awards = Array.isArray(v.awards) ? v.awards : typeof v.awards === "string" ? [v.awards] : [];
  const coOwners = [...(v.coOwners ?? []), {}, {}].slice(0, Math.max(3, (v.coOwners?.length ?? 0) + 1));
  const [kind, setKind] = useState(s("kind") || "invention");
  // Without JavaScript both show (the server ignores the one the kind does not use).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const show = (relevant: boolean) => !hydrated || relevant;
  return (
    <>
      <div className="form-row">
        <SelectField label={t("market.asset.kind")} name="kind" value={kind} onChange={(ev) => setKind(ev.target.value)} error={e.kind}
          options={ASSET_KINDS.map((k) => ({ value: k, label: t(`market.kind.${k}`) }))} />
        <Field label={t("market.asset.number")} name="number" required defaultValue={s("number")} error={e.number} hint={t("market.asset.numberHint")} maxLength={40} />
      </div>
      <Field label={t("market.asset.title")} name="title" required defaultValue={s("title")} error={e.title} maxLength={200} />
      <Field label={t("market.asset.titleEn")} name="titleEn" optional defaultValue={s("titleEn")} error={e.titleEn} maxLength={300} />
      <TextareaField label={t("market.asset.abstract")} name="abstract" optional defaultValue={s("abstract")} error={e.abstract} maxLength={4000} />
      <TextareaField label={t("market.asset.abstractEn")} name="abstractEn" optional defaultValue={s("abstractEn")} error={e.abstractEn} maxLength={6000} />
      <div className="form-row">
        <Field label={t("market.asset.filingDate")} name="filingDate" type="date" required defaultValue={s("filingDate")} error={e.filingDate} />
        <Field label={kind === "trademark" ? t("market.asset.registrationDate") : t("market.asset.grantDate")} name="grantDate" type="date" optional defaultValue={s("grantDate")} error={e.grantDate} hint={t("market.asset.grantDateHint")} />
        <SelectField label={t("market.asset.legalStatus")} name="legalStatus" defaultValue={s("legalStatus") || "valid"} error={e.legalStatus}
          options={LEGAL_STATUSES.map((k) => ({ value: k, label: t(`market.legalStatus.${k}`) }))} />
        {show(kind !== "trademark") ? <Field label={t("market.asset.annuityPaidThrough")} name="annuityPaidThrough" type="date" optional defaultValue={s("annuityPaidThrough")} error={e.annuityPaidThrough} /> : null}
        {show(kind === "trademark") ? <Field label={t("market.asset.renewals")} name="renewals" type="number" min={0} max={20} optional defaultValue={s("renewals") || "0"} error={e.renewals} hint={t("market.asset.renewalsHint")} /> : null}
      </div>
      <div className="form-row">
        <Field label={t("market.asset.ipcClasses")} name="ipcClasses" optional defaultValue={s("ipcClasses")} error={e.ipcClasses} hint={t("market.asset.ipcHint")} />
        <Field label={t("market.asset.niceClasses")} name="niceClasses" optional defaultValue={s("niceClasses")} error={e.niceClasses} hint={t("market.asset.niceHint")} />
        <SelectField label={t("market.asset.industry")} name="industry" defaultValue={s("industry") || "other"} error={e.industry}
          options={INDUSTRIES.map((k) => ({ value: k, label: t(`industry.${k}`) }))} />
        <Field label={t("market.asset.overseasFamily")} name="overseasFamilyCount" type="number" min={0} max={999} optional defaultValue={s("overseasFamilyCount") || "0"} error={e.overseasFamilyCount} />
      </div>
      {show(kind === "invention" || kind === "utility_model") ? (
        <Field label={t("market.asset.sameDayApplications")} name="sameDayApplications" optional defaultValue={s("sameDayApplications")} error={e.sameDayApplications} hint={t("market.asset.sameDayApplicationsHint")} />
      ) : null}
      <fieldset>
        <legend>{t("market.asset.awards")}</legend>
        <div className="row">
          {AWARDS.map((a) => (
            <label key={a} className="row">
              <input type="checkbox" name="awards" value={a} defaultChecked={awards.includes(a)} /> {t(`market.award.${a}`)}
            </label>
          ))}
        </div>
        {e.awards ? <p className="field-error" role="alert">{e.awards.join(" ")}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t("market.asset.coOwners")}</legend>
        <p className="hint">{t("market.asset.coOwnersHint")}</p>
        {coOwners.map((c, i) => (
          <div className="form-row" key={i}>
            <Field label={t("market.asset.coOwnerName", { n: i + 1 })} name={`coOwners[${i}].name`} optional defaultValue={c.name ?? ""} error={e[`coOwners[${i}].name`]} />
            <Field label={t("market.asset.coOwnerUscc")} name={`coOwners[${i}].uscc`} optional defaultValue={c.uscc ?? ""} error={e[`coOwners[${i}].uscc`]} maxLength={40} />
            <label className="row" style={{ alignSelf: "end" }}>
              <input type="checkbox" name={`coOwners[${i}].consent`} defaultChecked={!!c.consent} /> {t("market.asset.coOwnerConsent")}
            </label>
          </div>
        ))}
      </fieldset>
    </>
  );
}

export function Terms({ d }: { d: { priceFen: Money; royaltyBp: number | null; termMonths: number | null; startDate?: string | null; territory?: string | null; instalmentCount?: number | null; instalmentMonths?: number | null; instalmentFen?: Money | null } }) {
  const t = useT();
  const locale = useLocale();
  const parts: ReactNode[] = [formatFen(d.priceFen, locale)];
  if (d.instalmentCount && d.instalmentFen != null) parts.push(t("royalty.terms.summary", { n: d.instalmentCount, months: d.instalmentMonths ?? 0, amount: formatFen(d.instalmentFen, locale) }));
  if (d.royaltyBp != null) parts.push(t("market.terms.royalty", { pct: percentText(d.royaltyBp) }));
  if (d.termMonths) parts.push(t("market.terms.months", { n: d.termMonths }));
  if (d.startDate) parts.push(t("market.terms.from", { date: d.startDate }));
  if (d.territory) parts.push(d.territory);
  return <span>{parts.map((p, i) => <span key={i}>{i ? " · " : ""}{p}</span>)}</span>;
}

/** Deals and licences are one area: a sub-navigation between them. */
export function TradeSubnav() {
  const t = useT();
  return (
    <nav className="subnav" aria-label={t("market.nav.deals")}>
      <NavLink to="/deals" end>{t("market.nav.deals")}</NavLink>
      <NavLink to="/licences">{t("market.nav.licences")}</NavLink>
    </nav>
  );
}

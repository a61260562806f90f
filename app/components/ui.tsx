import { Link } from "@remix-run/react";
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useT } from "#app/i18n/react";

/** The design system: every page builds from these so the product looks and behaves as one. */

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({ title, children, className, actions }: { title?: ReactNode; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section className={`card ${className ?? ""}`}>
      {title || actions ? (
        <div className="card-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

type FieldBase = { label: ReactNode; name: string; error?: string[]; hint?: ReactNode; optional?: boolean };

function FieldShell({ id, label, error, hint, optional, children }: { id: string } & Omit<FieldBase, "name"> & { children: ReactNode }) {
  const t = useT();
  return (
    <div className={`field ${error?.length ? "field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="muted"> ({t("form.optional")})</span> : null}
      </label>
      {children}
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error?.length ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, f: { error?: string[]; hint?: ReactNode }) =>
  [f.hint ? `${id}-hint` : null, f.error?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

export function Field({ label, name, error, hint, optional, id, ...input }: FieldBase & InputHTMLAttributes<HTMLInputElement>) {
  const fid = id ?? `f-${name}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} optional={optional}>
      <input id={fid} name={name} aria-invalid={error?.length ? true : undefined} aria-describedby={describedBy(fid, { error, hint })} {...input} />
    </FieldShell>
  );
}

export function SelectField({ label, name, error, hint, optional, id, options, ...select }: FieldBase & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const fid = id ?? `f-${name}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} optional={optional}>
      <select id={fid} name={name} aria-invalid={error?.length ? true : undefined} aria-describedby={describedBy(fid, { error, hint })} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextareaField({ label, name, error, hint, optional, id, ...ta }: FieldBase & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const fid = id ?? `f-${name}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} optional={optional}>
      <textarea id={fid} name={name} aria-invalid={error?.length ? true : undefined} aria-describedby={describedBy(fid, { error, hint })} {...ta} />
    </FieldShell>
  );
}

export function Button({ variant = "primary", className, ...b }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" | "ghost" }) {
  return <button type="submit" className={`btn btn-${variant} ${className ?? ""}`} {...b} />;
}

export function ButtonLink({ to, variant = "primary", children, download }: { to: string; variant?: "primary" | "secondary" | "ghost"; children: ReactNode; download?: boolean }) {
  if (download) return <DownloadLink href={to} className={`btn btn-${variant}`}>{children}</DownloadLink>;
  return (
    <Link to={to} className={`btn btn-${variant}`}>
      {children}
    </Link>
  );
}

/**
 * A link to a resource route (export, report, file, template): a plain anchor with `download`, so the
 * client router never takes it (a <Link> would fetch the file as route data and show an empty page).
 */
export function DownloadLink({ href, className, children, testId }: { href: string; className?: string; children: ReactNode; testId?: string }) {
  return (
    <a href={href} download className={className} data-testid={testId}>
      {children}
    </a>
  );
}

const TONES: Record<string, "ok" | "warn" | "bad" | "info" | "neutral"> = {
  verified: "ok", published: "ok", completed: "ok", approved: "ok", active: "ok", paid: "ok", registered: "ok", disbursed: "ok", settled: "ok", valid: "ok", accepted: "ok", eligible: "ok",
  pending: "warn", pending_review: "warn", pending_approval: "warn", queued: "warn", running: "info", submitted: "info", offered: "info", countered: "info", info_requested: "warn", under_review: "info", matching: "info", valuating: "info", matched: "info", registering: "info", draft: "neutral", paused: "neutral",
  rejected: "bad", failed: "bad", declined: "bad", lapsed: "bad", expired: "bad", invalidated: "bad", defaulted: "bad", suspended: "bad", overdue: "bad", cancelled: "neutral", withdrawn: "neutral", closed: "neutral", refunded: "neutral", ineligible: "bad",
};

/** A coloured badge: the tone follows the status, the label is the caller's (each enumeration has its own labels). */
export function StatusBadge({ status, label }: { status: string; label: ReactNode }) {
  return <span className={`badge badge-${TONES[status] ?? "neutral"}`}>{label}</span>;
}

export function EmptyState({ title, children }: { title?: ReactNode; children?: ReactNode }) {
  const t = useT();
  return (
    <div className="empty" role="status">
      <p className="empty-title">{title ?? t("empty.title")}</p>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}

/**
 * A form's refusal. `unplaced`: field messages the page has no field to show beside (its form is not
 * on the page, or the refused field is not one of its inputs), listed under the message.
 */
export function FormError({ message, unplaced }: { message?: string | null; unplaced?: Record<string, string[]> }) {
  if (!message) return null;
  const details = [...new Set(Object.values(unplaced ?? {}).flat())];
  return (
    <div className="alert alert-error" role="alert">
      {message}
      {details.length ? <ul>{details.map((d) => <li key={d}>{d}</li>)}</ul> : null}
    </div>
  );
}

export function Notice({ tone = "info", children }: { tone?: "info" | "ok" | "warn" | "error"; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

/** A responsive table: scrolls sideways on a phone instead of breaking the layout. */
export function Table({ caption, head, children }: { caption?: ReactNode; head: ReactNode[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function DefinitionList({ items }: { items: Array<[ReactNode, ReactNode]> }) {
  return (
    <dl className="deflist">
      {items.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

import { translator } from "#app/i18n/index";

/**
 * The 503 page (PostgreSQL or Redis unreachable). In both languages at once: the reader's choice
 * of language is stored with their session, which may be what cannot be read right now.
 */
export function Unavailable() {
  const zh = translator("zh-CN");
  const en = translator("en");
  return (
    <div className="container narrow">
      <div className="card error-page" data-testid="unavailable">
        <p className="muted">HTTP 503</p>
        <h1 lang="zh-CN">{zh("errors.unavailable")}</h1>
        <p lang="zh-CN">{zh("errors.unavailableBody")}</p>
        <h2 lang="en">{en("errors.unavailable")}</h2>
        <p lang="en">{en("errors.unavailableBody")}</p>
      </div>
    </div>
  );
}
